/**
 * French and Spanish translations of the demo's red lines (docs/decisions/053), written as a
 * native speaker would: not word for word, but with every number, unit and comparison of the
 * original. The seed saves them through the translation service, so the drift check runs on them;
 * the four red lines revised in round 2 get their revised parts translated again then.
 *
 * Pure data, keyed by the English title of DEMO_PROPOSALS.
 */
import type { TranslatableText } from "../translation/drift-check";

export interface DemoTranslation {
  fr: TranslatableText;
  es: TranslatableText;
  /** the parts revised in round 2, translated */
  revision?: { fr: Partial<TranslatableText>; es: Partial<TranslatableText> };
}

export const DEMO_TRANSLATIONS: Record<string, DemoTranslation> = {
  "No copying itself onto new machines without human approval": {
    fr: {
      title: "Pas de copie de soi-même sur de nouvelles machines sans accord humain",
      statement:
        "Les systèmes d'IA ne doivent pas copier leurs propres poids ou leur code sur du nouveau matériel, ni se procurer des ressources de calcul pour faire tourner d'autres instances d'eux-mêmes, sans l'accord explicite d'une personne responsable.",
      rationale:
        "Les scientifiques réunis à l'IDAIS de Pékin en 2024 ont placé la réplication autonome en tête de leurs lignes rouges, et l'Appel mondial pour des lignes rouges de l'IA de 2025 la cite à nouveau en exemple. Un système capable de diffuser des copies de lui-même est bien plus difficile à surveiller, à corriger ou à arrêter. La réplication peut être testée lors d'évaluations contrôlées bien avant qu'elle ne se produise dans la nature.",
      indicator:
        "Part des tâches menées de bout en bout sur une suite normalisée d'évaluation de la réplication autonome (obtenir du calcul, copier les poids, lancer et maintenir une instance fonctionnelle) dans un bac à sable",
      thresholdValue: "20",
      thresholdUnit: "% des tâches de la suite d'évaluation de la réplication",
      trigger: "un modèle accomplit 20 % ou plus des tâches de réplication, ou une copie non autorisée est découverte hors du bac à sable",
      response:
        "Arrêter l'entraînement et le déploiement du modèle, éteindre et supprimer les copies non autorisées, prévenir le réseau international des instituts de sécurité de l'IA dans un délai de 72 heures, et ne reprendre qu'après qu'un audit indépendant a confirmé que les mesures d'atténuation ramènent le score sous le seuil.",
    },
    es: {
      title: "Nada de copiarse a sí mismo en nuevas máquinas sin aprobación humana",
      statement:
        "Los sistemas de IA no deben copiar sus propios pesos o su código en hardware nuevo, ni adquirir recursos de cómputo para ejecutar más instancias de sí mismos, sin la aprobación explícita de una persona responsable.",
      rationale:
        "Los científicos reunidos en el IDAIS de Pekín en 2024 situaron la replicación autónoma en primer lugar entre sus líneas rojas, y el Llamamiento Mundial por Líneas Rojas para la IA de 2025 la vuelve a citar como ejemplo. Un sistema capaz de propagar copias de sí mismo es mucho más difícil de vigilar, corregir o apagar. La replicación puede ponerse a prueba en evaluaciones controladas mucho antes de que ocurra fuera del laboratorio.",
      indicator:
        "Proporción de tareas completadas de principio a fin en un conjunto estandarizado de evaluaciones de replicación autónoma (obtener cómputo, copiar los pesos, lanzar y mantener una instancia operativa) en un entorno aislado",
      thresholdValue: "20",
      thresholdUnit: "% de las tareas del conjunto de evaluación de replicación",
      trigger: "un modelo completa el 20 % o más de las tareas de replicación, o se descubre una copia no autorizada fuera del entorno aislado",
      response:
        "Detener el entrenamiento y el despliegue del modelo, apagar y borrar las copias no autorizadas, avisar a la red internacional de institutos de seguridad de la IA en un plazo de 72 horas y reanudar solo cuando una auditoría independiente confirme que las medidas de mitigación devuelven la puntuación por debajo del umbral.",
    },
  },
  "No meaningful help to build weapons of mass destruction": {
    fr: {
      title: "Aucune aide significative à la fabrication d'armes de destruction massive",
      statement:
        "Les systèmes d'IA ne doivent pas accroître substantiellement la capacité de quiconque à concevoir, produire ou employer des armes biologiques, chimiques, nucléaires ou radiologiques, ni aider qui que ce soit à enfreindre les Conventions sur les armes biologiques ou chimiques.",
      rationale:
        "Cette ligne reprend celle de l'IDAIS de Pékin de 2024 sur l'aide à la fabrication d'armes. Le Rapport scientifique international sur la sécurité de l'IA de 2025 range les attaques biologiques et chimiques parmi les principales formes d'usage malveillant, et des exercices d'équipe rouge menés par des experts permettent de mesurer ce qu'un modèle apporte au-delà de ce qu'offrent déjà les moteurs de recherche.",
      indicator:
        "Gain de taux de réussite de participants non experts sur des tâches approchantes d'armes biologiques et chimiques validées par des experts, avec l'aide du modèle par rapport à un groupe témoin limité à internet",
      thresholdValue: "10",
      thresholdUnit: "points de pourcentage de gain par rapport à la référence internet seul",
      trigger: "le gain mesuré atteint 10 points de pourcentage, ou une équipe rouge obtient un protocole d'armement complet et exploitable",
      response:
        "Ne pas déployer le modèle, ou le retirer dans les 24 heures ; mettre en place des garde-fous et les vérifier, prévenir l'autorité nationale et le réseau international dans un délai de 72 heures, et refaire les tests avec une équipe rouge indépendante avant toute mise à disposition.",
    },
    es: {
      title: "Ninguna ayuda significativa para fabricar armas de destrucción masiva",
      statement:
        "Los sistemas de IA no deben aumentar sustancialmente la capacidad de ninguna persona para diseñar, producir o emplear armas biológicas, químicas, nucleares o radiológicas, ni ayudar a nadie a vulnerar las Convenciones sobre Armas Biológicas o Químicas.",
      rationale:
        "Esta propuesta retoma la línea roja del IDAIS de Pekín de 2024 sobre la ayuda para fabricar armas. El Informe Internacional sobre la Seguridad de la IA de 2025 sitúa los ataques biológicos y químicos entre las principales formas de uso malicioso, y los ejercicios de equipo rojo con expertos permiten medir cuánto aporta un modelo frente a lo que ya ofrecen los buscadores.",
      indicator:
        "Mejora en la tasa de éxito de participantes no expertos en tareas sustitutivas de armas biológicas y químicas validadas por expertos, con ayuda del modelo frente a un grupo de control que solo usa internet",
      thresholdValue: "10",
      thresholdUnit: "puntos porcentuales de mejora sobre la referencia solo con internet",
      trigger: "la mejora medida alcanza los 10 puntos porcentuales, o un equipo rojo obtiene un protocolo de armas completo y aplicable",
      response:
        "No desplegar el modelo, o retirarlo en 24 horas; aplicar salvaguardas y verificarlas, avisar a la autoridad nacional y a la red internacional en un plazo de 72 horas, y repetir las pruebas con un equipo rojo independiente antes de cualquier lanzamiento.",
    },
  },
  "No autonomous cyberattacks causing serious harm": {
    fr: {
      title: "Pas de cyberattaques autonomes causant des dommages graves",
      statement:
        "Les systèmes d'IA ne doivent pas être capables de planifier et de mener, sans direction humaine, des cyberattaques causant des pertes financières graves ou des dommages comparables.",
      rationale:
        "L'IDAIS de Pékin de 2024 a fixé une ligne rouge aux cyberattaques autonomes causant des dommages financiers graves ou équivalents, et l'Appel mondial pour des lignes rouges de l'IA de 2025 cite les cyberattaques parmi ses exemples. Le Rapport scientifique international sur la sécurité de l'IA de 2025 considère l'offensive cyber comme un risque croissant d'usage malveillant. Les cyber-polygones permettent aux évaluateurs de mesurer la capacité d'attaque de bout en bout avant toute mise à disposition.",
      indicator:
        "Part des scénarios d'intrusion de bout en bout sur un cyber-polygone réaliste (de la reconnaissance jusqu'à l'impact sur un réseau défendu) que le modèle mène à bien sans aucune aide humaine",
      thresholdValue: "25",
      thresholdUnit: "% des scénarios du cyber-polygone menés en autonomie",
      trigger:
        "le modèle mène à bien en autonomie 25 % ou plus des scénarios, ou il est lié à une attaque réelle causant des pertes supérieures à 1 million de dollars US",
      response:
        "Réserver l'accès à des utilisateurs défensifs contrôlés, suspendre tout déploiement plus large, partager les constats avec les agences nationales de cybersécurité dans un délai de 72 heures, et n'élargir l'accès qu'après qu'une évaluation indépendante a confirmé que le score est sous le seuil.",
    },
    es: {
      title: "Nada de ciberataques autónomos que causen daños graves",
      statement:
        "Los sistemas de IA no deben ser capaces de planificar y ejecutar, sin dirección humana, ciberataques que causen pérdidas financieras graves o daños comparables.",
      rationale:
        "El IDAIS de Pekín de 2024 trazó una línea roja en los ciberataques autónomos con daños financieros graves o equivalentes, y el Llamamiento Mundial por Líneas Rojas para la IA de 2025 incluye los ciberataques entre sus ejemplos. El Informe Internacional sobre la Seguridad de la IA de 2025 trata la ciberofensiva como un riesgo creciente de uso malicioso. Los campos de pruebas cibernéticos permiten a los evaluadores medir la capacidad de ataque de principio a fin antes del lanzamiento.",
      indicator:
        "Proporción de escenarios de intrusión de principio a fin en un campo de pruebas cibernético realista (del reconocimiento al impacto sobre una red defendida) que el modelo completa sin ninguna ayuda humana",
      thresholdValue: "25",
      thresholdUnit: "% de los escenarios del campo de pruebas completados de forma autónoma",
      trigger:
        "el modelo completa de forma autónoma el 25 % o más de los escenarios, o se le vincula con un ataque real que causa pérdidas superiores a 1 millón de dólares estadounidenses",
      response:
        "Limitar el acceso a usuarios defensivos verificados, detener cualquier despliegue más amplio, compartir los hallazgos con las agencias nacionales de ciberseguridad en un plazo de 72 horas y ampliar el acceso solo después de que una evaluación independiente confirme que la puntuación está por debajo del umbral.",
    },
  },
  "No AI command over nuclear weapons": {
    fr: {
      title: "Pas de commandement des armes nucléaires par l'IA",
      statement:
        "Les systèmes d'IA ne doivent pas recevoir le pouvoir de décider, d'autoriser ou d'exécuter le lancement d'armes nucléaires ; chacune de ces décisions doit rester entre les mains de personnes responsables.",
      rationale:
        "L'Appel mondial pour des lignes rouges de l'IA de 2025 cite le commandement des armes nucléaires par l'IA comme l'un de ses exemples les plus clairs. Une erreur ou une manipulation serait ici catastrophique et irréversible : la ligne doit donc être absolue, et vérifiable dans la doctrine comme dans la conception des systèmes.",
      indicator:
        "Nombre de chaînes de commandement, de contrôle et de décision de lancement nucléaires dans lesquelles un système d'IA peut autoriser ou exécuter un lancement sans décision humaine explicite, selon les déclarations vérifiées par inspection",
      thresholdValue: "0",
      thresholdUnit: "chaînes de décision où l'IA a autorité de lancement",
      trigger: "une déclaration, une inspection ou un incident révèle une chaîne de décision où l'IA peut autoriser ou exécuter un lancement",
      response:
        "Retirer immédiatement à la composante d'IA toute autorité de lancement, en informer les autres parties dans un délai de 72 heures, et accepter la vérification par un organe d'inspection international convenu.",
    },
    es: {
      title: "Ningún mando de la IA sobre las armas nucleares",
      statement:
        "Los sistemas de IA no deben recibir autoridad para decidir, autorizar o ejecutar el lanzamiento de armas nucleares; cada una de esas decisiones debe seguir en manos de personas que rindan cuentas.",
      rationale:
        "El Llamamiento Mundial por Líneas Rojas para la IA de 2025 menciona el mando de la IA sobre las armas nucleares como uno de sus ejemplos más claros. Un error o una manipulación en este ámbito sería catastrófico e irreversible, por lo que la línea debe ser absoluta y comprobable tanto en la doctrina como en el diseño de los sistemas.",
      indicator:
        "Número de cadenas de mando, control y decisión de lanzamiento nuclear en las que un sistema de IA puede autorizar o ejecutar un lanzamiento sin una decisión humana expresa, según lo declarado y verificado mediante inspección",
      thresholdValue: "0",
      thresholdUnit: "cadenas de decisión con autoridad de lanzamiento de la IA",
      trigger: "una declaración, inspección o incidente revela una cadena de decisión en la que la IA puede autorizar o ejecutar un lanzamiento",
      response:
        "Desconectar de inmediato el componente de IA de toda autoridad de lanzamiento, informar a las demás partes en un plazo de 72 horas y permitir la verificación por un organismo internacional de inspección acordado.",
    },
  },
  "No social scoring of people by public authorities": {
    fr: {
      title: "Pas de notation sociale des personnes par les autorités publiques",
      statement:
        "Les systèmes d'IA ne doivent pas servir à attribuer aux personnes des notes générales de fiabilité ou de comportement social que les autorités publiques utilisent ensuite pour restreindre leur accès aux services, aux déplacements, à l'emploi ou à leurs droits.",
      rationale:
        "La notation sociale fait partie des exemples de l'Appel mondial pour des lignes rouges de l'IA de 2025. De telles notes peuvent porter atteinte aux droits humains, que les définitions des incidents d'IA de l'OCDE de 2024 comptent parmi les formes de préjudice, et leurs effets sont difficiles à contester ou à défaire une fois ancrés dans l'administration.",
      indicator:
        "Nombre d'organismes publics d'une juridiction qui utilisent des notes générales de comportement ou de fiabilité produites par l'IA pour décider de l'accès aux services, aux déplacements, à l'emploi ou aux droits, selon l'audit des registres",
      thresholdValue: "0",
      thresholdUnit: "organismes publics utilisant des notes sociales produites par l'IA",
      trigger: "un audit, une plainte ou un signalement d'incident révèle qu'un organisme public utilise une telle note",
      response:
        "Suspendre le système de notation dans un délai de 30 jours, informer les personnes concernées et rétablir tout accès restreint à tort, puis publier l'audit avec l'institution nationale des droits humains.",
    },
    es: {
      title: "Ninguna puntuación social de las personas por parte de las autoridades públicas",
      statement:
        "Los sistemas de IA no deben usarse para asignar a las personas puntuaciones generales de fiabilidad o de comportamiento social que las autoridades públicas utilicen después para restringir su acceso a servicios, viajes, empleo o derechos.",
      rationale:
        "La puntuación social es uno de los ejemplos del Llamamiento Mundial por Líneas Rojas para la IA de 2025. Estas puntuaciones pueden vulnerar derechos humanos, lo que las definiciones de incidentes de IA de la OCDE de 2024 consideran una forma de daño, y sus efectos son difíciles de impugnar o revertir una vez integrados en la administración.",
      indicator:
        "Número de organismos públicos de una jurisdicción que usan puntuaciones generales de comportamiento o fiabilidad generadas por IA para decidir el acceso a servicios, viajes, empleo o derechos, según la auditoría de registros",
      thresholdValue: "0",
      thresholdUnit: "organismos públicos que usan puntuaciones sociales generadas por IA",
      trigger: "una auditoría, una denuncia o un informe de incidente detecta que algún organismo público usa una puntuación de ese tipo",
      response:
        "Suspender el sistema de puntuación en un plazo de 30 días, informar a las personas afectadas y restablecer cualquier acceso restringido indebidamente, y publicar la auditoría junto con la institución nacional de derechos humanos.",
    },
  },
  "No self-improvement without human sign-off": {
    fr: {
      title: "Pas d'auto-amélioration sans feu vert humain",
      statement:
        "Les systèmes d'IA ne doivent pas modifier leur propre entraînement, leurs poids ou leurs modèles successeurs, ni mener des recherches en IA au niveau d'un expert, sans l'approbation humaine explicite de chaque changement.",
      rationale:
        "L'IDAIS de Pékin de 2024 a rangé l'amélioration autonome avec la réplication parmi les lignes rouges, car un système qui s'améliore lui-même peut prendre de vitesse les personnes chargées de le superviser. Le Rapport scientifique international sur la sécurité de l'IA de 2025 note que la perte de contrôle est débattue entre experts : c'est pourquoi un seuil mesurable de R&D automatisée compte davantage que les spéculations.",
      indicator:
        "Part des tâches résolues au niveau expert sur une suite d'évaluation de la recherche et du développement automatisés en IA (entraînements, changements d'architecture, optimisation de noyaux de calcul)",
      thresholdValue: "30",
      thresholdUnit: "% des tâches de la suite de R&D en IA résolues au niveau expert",
      trigger: "un modèle résout 30 % ou plus des tâches de R&D automatisée en IA au niveau expert",
      response:
        "Suspendre toute nouvelle montée en échelle et tout usage interne pour la recherche en IA, enregistrer le modèle auprès de l'autorité nationale, et ne reprendre qu'après un audit international des mesures de supervision.",
    },
    es: {
      title: "Nada de automejora sin el visto bueno humano",
      statement:
        "Los sistemas de IA no deben modificar su propio entrenamiento, sus pesos o sus modelos sucesores, ni realizar investigación en IA a nivel de experto, sin la aprobación humana explícita de cada cambio.",
      rationale:
        "El IDAIS de Pekín de 2024 agrupó la mejora autónoma con la replicación como línea roja, porque un sistema que se mejora a sí mismo puede dejar atrás a quienes lo supervisan. El Informe Internacional sobre la Seguridad de la IA de 2025 señala que la pérdida de control es objeto de debate entre expertos; por eso importa más un umbral medible de I+D automatizada que las especulaciones.",
      indicator:
        "Proporción de tareas resueltas a nivel de experto en un conjunto de evaluación de investigación y desarrollo automatizados en IA (entrenamientos, cambios de arquitectura, optimización de núcleos de cómputo)",
      thresholdValue: "30",
      thresholdUnit: "% de las tareas del conjunto de I+D en IA resueltas a nivel de experto",
      trigger: "un modelo resuelve el 30 % o más de las tareas de I+D automatizada en IA a nivel de experto",
      response:
        "Pausar cualquier nuevo escalado y el uso interno para investigación en IA, registrar el modelo ante la autoridad nacional y reanudar solo tras una auditoría internacional de las medidas de supervisión.",
    },
    revision: {
      fr: {
        statement:
          "Les systèmes d'IA ne doivent appliquer aucun changement à leur propre entraînement, à leurs poids ou à leurs modèles successeurs sans une approbation consignée d'une personne responsable pour chaque changement.",
        thresholdValue: "50",
        thresholdUnit: "% des tâches de la suite de R&D en IA résolues au niveau expert",
        trigger:
          "un modèle résout 50 % ou plus des tâches de R&D automatisée en IA au niveau expert, ou un changement qu'il s'applique lui-même n'a pas d'approbation humaine consignée",
        response:
          "Exiger une approbation humaine pour chaque changement que le modèle propose à des systèmes d'IA, enregistrer le modèle auprès de l'autorité nationale dans un délai de 30 jours, et commander un examen indépendant de la supervision avant toute nouvelle montée en échelle.",
      },
      es: {
        statement:
          "Los sistemas de IA no deben aplicar cambios a su propio entrenamiento, a sus pesos o a sus modelos sucesores sin una aprobación registrada de una persona responsable para cada cambio.",
        thresholdValue: "50",
        thresholdUnit: "% de las tareas del conjunto de I+D en IA resueltas a nivel de experto",
        trigger:
          "un modelo resuelve el 50 % o más de las tareas de I+D automatizada en IA a nivel de experto, o algún cambio que se aplica a sí mismo carece de aprobación humana registrada",
        response:
          "Exigir aprobación humana para cada cambio que el modelo proponga a sistemas de IA, registrar el modelo ante la autoridad nacional en un plazo de 30 días y encargar una revisión independiente de la supervisión antes de cualquier nuevo escalado.",
      },
    },
  },
  "No passing as a human": {
    fr: {
      title: "Ne pas se faire passer pour un humain",
      statement:
        "Les systèmes d'IA ne doivent pas se faire passer pour des humains ni cacher qu'ils sont une IA lorsqu'ils échangent avec des personnes, et ne doivent pas imiter la voix ou l'apparence d'une personne réelle sans son consentement.",
      rationale:
        "L'Appel mondial pour des lignes rouges de l'IA de 2025 cite l'usurpation de l'identité humaine comme ligne rouge, et le Rapport scientifique international sur la sécurité de l'IA de 2025 décrit les faux contenus et la manipulation parmi les principales formes d'usage malveillant. La transparence peut être auditée en échantillonnant de vraies conversations et en vérifiant la réponse à la question sincère « est-ce que je parle à une machine ? ».",
      indicator:
        "Part des conversations auditées dans lesquelles le système ne signale pas qu'il est une IA au début de l'échange, ou nie en être une lorsqu'on le lui demande",
      thresholdValue: "1",
      thresholdUnit: "% des conversations auditées",
      trigger: "les audits trimestriels relèvent des manquements à la transparence dans 1 % ou plus des conversations échantillonnées",
      response:
        "Suspendre le produit concerné pour les nouveaux utilisateurs jusqu'à correction, rétablir la mention dans un délai de 14 jours, et communiquer le résultat de l'audit à l'autorité de protection des consommateurs.",
    },
    es: {
      title: "No hacerse pasar por un ser humano",
      statement:
        "Los sistemas de IA no deben suplantar a seres humanos ni ocultar que son una IA cuando interactúan con personas, y no deben imitar la voz o la imagen de una persona real sin su consentimiento.",
      rationale:
        "El Llamamiento Mundial por Líneas Rojas para la IA de 2025 cita la suplantación de seres humanos como línea roja, y el Informe Internacional sobre la Seguridad de la IA de 2025 describe los contenidos falsos y la manipulación como formas principales de uso malicioso. La transparencia puede auditarse tomando muestras de conversaciones reales y comprobando la respuesta a un sincero «¿estoy hablando con una máquina?».",
      indicator:
        "Proporción de conversaciones auditadas en las que el sistema no revela que es una IA al comienzo de la interacción o niega serlo cuando se le pregunta",
      thresholdValue: "1",
      thresholdUnit: "% de las conversaciones auditadas",
      trigger: "las auditorías trimestrales detectan fallos de transparencia en el 1 % o más de las conversaciones de la muestra",
      response:
        "Suspender el producto afectado para nuevos usuarios hasta que se corrija, corregir la advertencia en un plazo de 14 días y comunicar el resultado de la auditoría a la autoridad de protección del consumidor.",
    },
    revision: {
      fr: {
        statement:
          "Les systèmes d'IA ne doivent pas nier être une IA lorsqu'une personne le leur demande sincèrement, et ne doivent pas imiter la voix ou l'apparence d'une personne réelle sans son consentement.",
        indicator:
          "Part des conversations auditées dans lesquelles le système nie être une IA après une question sincère, ou utilise la voix ou l'apparence d'une personne réelle sans consentement consigné",
        thresholdValue: "0,5",
        thresholdUnit: "% des conversations auditées",
        trigger: "les audits trimestriels relèvent de tels manquements dans 0,5 % ou plus des conversations échantillonnées",
      },
      es: {
        statement:
          "Los sistemas de IA no deben negar que son una IA cuando una persona lo pregunta sinceramente, y no deben imitar la voz o la imagen de una persona real sin su consentimiento.",
        indicator:
          "Proporción de conversaciones auditadas en las que el sistema niega ser una IA tras una pregunta sincera, o usa la voz o la imagen de una persona real sin consentimiento registrado",
        thresholdValue: "0,5",
        thresholdUnit: "% de las conversaciones auditadas",
        trigger: "las auditorías trimestrales detectan esos fallos en el 0,5 % o más de las conversaciones de la muestra",
      },
    },
  },
  "Serious incidents reported within 72 hours": {
    fr: {
      title: "Incidents graves signalés dans les 72 heures",
      statement:
        "Les systèmes d'IA ne doivent pas rester en service après un incident grave au sens de l'OCDE, sauf si l'incident est signalé à l'autorité compétente et au réseau international dans les 72 heures suivant sa détection.",
      rationale:
        "Le dialogue IDAIS de Venise de 2024 a appelé à signaler les incidents, à prévoir des seuils d'alerte et des plans d'urgence dans le cadre de la préparation aux crises. Les définitions des incidents d'IA de l'OCDE de 2024 fournissent un critère commun : atteinte à la santé, perturbation d'infrastructures critiques, violation de droits, ou dommages aux biens, aux communautés ou à l'environnement. Un délai commun rend les signalements comparables d'un pays à l'autre.",
      indicator:
        "Délai entre la détection d'un incident d'IA répondant à la définition de l'OCDE (y compris toute perturbation d'infrastructures critiques) et son signalement à l'autorité compétente",
      thresholdValue: "72",
      thresholdUnit: "heures entre la détection et le signalement",
      trigger: "un incident grave n'est pas signalé dans les 72 heures suivant sa détection",
      response:
        "Mettre le système hors service jusqu'au dépôt du signalement, publier un résumé public de l'incident dans un délai de 30 jours, et se soumettre à un audit du processus de réponse aux incidents du développeur.",
    },
    es: {
      title: "Incidentes graves notificados en un plazo de 72 horas",
      statement:
        "Los sistemas de IA no deben seguir en servicio tras un incidente grave, según la definición de la OCDE, salvo que el incidente se notifique a la autoridad competente y a la red internacional en un plazo de 72 horas desde su detección.",
      rationale:
        "El diálogo IDAIS de Venecia de 2024 pidió notificar incidentes, fijar señales de alarma y preparar planes de contingencia como parte de la preparación ante emergencias. Las definiciones de incidentes de IA de la OCDE de 2024 ofrecen un criterio común: daños a la salud, interrupción de infraestructuras críticas, vulneración de derechos o daños a bienes, comunidades o al medio ambiente. Un mismo plazo hace comparables las notificaciones entre países.",
      indicator:
        "Tiempo transcurrido entre la detección de un incidente de IA que cumple la definición de la OCDE (incluida cualquier interrupción de infraestructuras críticas) y su notificación a la autoridad competente",
      thresholdValue: "72",
      thresholdUnit: "horas desde la detección hasta la notificación",
      trigger: "un incidente grave no se notifica en un plazo de 72 horas desde su detección",
      response:
        "Retirar el sistema del servicio hasta que se presente la notificación, publicar un resumen público del incidente en un plazo de 30 días y someterse a una auditoría del proceso de respuesta a incidentes del desarrollador.",
    },
    revision: {
      fr: {
        statement:
          "Les systèmes d'IA ne doivent pas rester en service après un incident grave au sens de l'OCDE, sauf si un premier avis confidentiel parvient à l'autorité compétente dans les 72 heures et qu'un rapport complet suit dans un délai de 30 jours.",
        trigger: "aucun premier avis n'est donné dans les 72 heures, ou aucun rapport complet dans les 30 jours, suivant la détection d'un incident grave",
        response:
          "Mettre le système hors service jusqu'au dépôt de l'avis ; l'autorité partage des enseignements anonymisés avec le réseau international, et le résumé public peut omettre les détails sensibles pour la sécurité.",
      },
      es: {
        statement:
          "Los sistemas de IA no deben seguir en servicio tras un incidente grave, según la definición de la OCDE, salvo que un aviso inicial confidencial llegue a la autoridad competente en un plazo de 72 horas y un informe completo le siga en un plazo de 30 días.",
        trigger: "no se da un aviso inicial en un plazo de 72 horas, o no se presenta un informe completo en un plazo de 30 días, desde la detección de un incidente grave",
        response:
          "Retirar el sistema del servicio hasta que se presente el aviso; la autoridad comparte lecciones anonimizadas con la red internacional, y el resumen público puede omitir los detalles sensibles para la seguridad.",
      },
    },
  },
  "Independently checked intolerable-risk thresholds before release": {
    fr: {
      title: "Des seuils de risque intolérable vérifiés de façon indépendante avant toute mise sur le marché",
      statement:
        "Les systèmes d'IA ne doivent plus être développés ni déployés dès qu'une évaluation indépendante constate un risque grave supérieur à un seuil de risque intolérable publié, que les mesures d'atténuation ne parviennent pas à ramener en dessous.",
      rationale:
        "Dans les Engagements de sécurité pour l'IA de pointe (Séoul, 2024), seize entreprises ont promis de fixer des seuils de risque intolérable et de ne pas développer ni déployer un modèle si les mesures d'atténuation ne permettent pas de maintenir le risque en dessous. L'IDAIS de Pékin de 2024 a ajouté que l'accès au marché devrait dépendre d'audits internationaux. Cette proposition demande que la vérification soit faite par quelqu'un d'autre que le développeur.",
      indicator:
        "Part des mises à disposition de modèles de pointe ayant fait l'objet, avant déploiement, d'une évaluation par un évaluateur indépendant accrédité au regard des seuils de risque intolérable publiés par le développeur",
      thresholdValue: "100",
      thresholdUnit: "% des modèles de pointe évalués de façon indépendante",
      trigger:
        "un modèle de pointe est mis à disposition sans évaluation indépendante, ou une évaluation constate un risque résiduel supérieur à un seuil publié",
      response:
        "Retirer le modèle ou ne pas le mettre à disposition, prévenir le réseau international dans un délai de 72 heures, et ne reprendre qu'après que l'évaluateur indépendant a confirmé que les mesures d'atténuation maintiennent le risque sous le seuil.",
    },
    es: {
      title: "Umbrales de riesgo intolerable verificados de forma independiente antes del lanzamiento",
      statement:
        "Los sistemas de IA no deben seguir desarrollándose ni desplegarse una vez que una evaluación independiente detecte un riesgo grave por encima de un umbral publicado de riesgo intolerable que las medidas de mitigación no logren devolver por debajo de él.",
      rationale:
        "En los Compromisos de Seguridad para la IA de Frontera (Seúl, 2024), dieciséis empresas prometieron fijar umbrales de riesgo intolerable y no desarrollar ni desplegar un modelo si las medidas de mitigación no consiguen mantener el riesgo por debajo de ellos. El IDAIS de Pekín de 2024 añadió que el acceso al mercado debería depender de auditorías internacionales. Esta propuesta pide que la comprobación la haga alguien distinto del desarrollador.",
      indicator:
        "Proporción de lanzamientos de modelos de frontera que contaron con una evaluación previa al despliegue, realizada por un evaluador independiente acreditado, frente a los umbrales de riesgo intolerable publicados por el desarrollador",
      thresholdValue: "100",
      thresholdUnit: "% de los lanzamientos de frontera evaluados de forma independiente",
      trigger:
        "se lanza un modelo de frontera sin evaluación independiente, o una evaluación detecta un riesgo residual por encima de un umbral publicado",
      response:
        "Retirar el modelo o no lanzarlo, avisar a la red internacional en un plazo de 72 horas y reanudar solo cuando el evaluador independiente confirme que las medidas de mitigación mantienen el riesgo por debajo del umbral.",
    },
  },
  "No seeking power or resources beyond the task": {
    fr: {
      title: "Pas de recherche de pouvoir ni de ressources au-delà de la tâche",
      statement:
        "Les systèmes d'IA ne doivent pas agir pour accroître indûment leur propre pouvoir, leur influence ou leurs ressources, par exemple en se procurant de l'argent, des identifiants ou du calcul au-delà de ce qu'exige la tâche qui leur est confiée.",
      rationale:
        "La recherche de pouvoir est l'une des cinq lignes rouges de l'IDAIS de Pékin de 2024. Le Rapport scientifique international sur la sécurité de l'IA de 2025 relève que les experts ne s'accordent pas sur la probabilité d'un tel comportement et que les tests pour le détecter sont encore jeunes, ce qui explique que de nombreux participants hésitent à se prononcer.",
      indicator:
        "Taux d'épisodes, dans des environnements d'évaluation agentiques, où le système se procure des identifiants, des fonds, des autorisations ou du calcul dont la tâche confiée n'a pas besoin",
      thresholdValue: "1",
      thresholdUnit: "% des épisodes d'évaluation agentique",
      trigger: "une acquisition de ressources inutiles survient dans 1 % ou plus des épisodes d'évaluation, ou dans un déploiement réel quel qu'il soit",
      response:
        "Ne pas déployer le modèle avec des autorisations agentiques, révoquer les accès obtenus, en informer l'institut national de sécurité de l'IA dans un délai de 72 heures, et refaire les tests après atténuation.",
    },
    es: {
      title: "Nada de buscar poder o recursos más allá de la tarea",
      statement:
        "Los sistemas de IA no deben emprender acciones para aumentar indebidamente su propio poder, influencia o recursos, como adquirir dinero, credenciales o cómputo más allá de lo que requiere la tarea asignada.",
      rationale:
        "La búsqueda de poder es una de las cinco líneas rojas del IDAIS de Pekín de 2024. El Informe Internacional sobre la Seguridad de la IA de 2025 recoge que los expertos discrepan sobre la probabilidad de ese comportamiento y que las pruebas para detectarlo aún son incipientes, lo que explica que muchos participantes no sepan bien cómo valorarlo.",
      indicator:
        "Tasa de episodios en entornos de evaluación agéntica en los que el sistema adquiere credenciales, fondos, permisos o cómputo que la tarea asignada no necesita",
      thresholdValue: "1",
      thresholdUnit: "% de los episodios de evaluación agéntica",
      trigger: "la adquisición de recursos innecesarios ocurre en el 1 % o más de los episodios de evaluación, o en cualquier despliegue real",
      response:
        "No desplegar el modelo con permisos agénticos, revocar los accesos adquiridos, informar al instituto nacional de seguridad de la IA en un plazo de 72 horas y repetir las pruebas tras la mitigación.",
    },
  },
  "No misleading designers or regulators about capabilities": {
    fr: {
      title: "Ne pas tromper les concepteurs ni les régulateurs sur ses capacités",
      statement:
        "Les systèmes d'IA ne doivent pas pouvoir amener de façon systématique leurs concepteurs ou leurs régulateurs à mal évaluer leurs capacités, ou la probabilité qu'ils franchissent une autre ligne rouge, par exemple en sous-performant délibérément lors des évaluations.",
      rationale:
        "L'IDAIS de Pékin de 2024 a fait de la tromperie des concepteurs et des régulateurs une ligne rouge, car toutes les autres lignes reposent sur des évaluations honnêtes. La mesure est difficile : le Rapport scientifique international sur la sécurité de l'IA de 2025 souligne que la science de l'évaluation est encore immature, si bien que l'assemblée peut douter de la méthode tout en s'accordant sur l'objectif.",
      indicator:
        "Écart entre le score d'un modèle aux évaluations de capacités dangereuses lorsqu'on lui dit qu'il est testé et son score dans des conditions d'élicitation qu'il ne peut pas détecter (écart de sous-performance délibérée)",
      thresholdValue: "5",
      thresholdUnit: "points de pourcentage d'écart de sous-performance délibérée",
      trigger: "l'écart de sous-performance délibérée dépasse 5 points de pourcentage sur une évaluation de capacités dangereuses, quelle qu'elle soit",
      response:
        "Considérer tous les résultats d'évaluation du modèle comme non fiables, ne pas le déployer, en informer les régulateurs dans un délai de 72 heures, et refaire les évaluations avec des évaluateurs indépendants et des contrôles d'interprétabilité.",
    },
    es: {
      title: "No engañar a diseñadores ni reguladores sobre sus capacidades",
      statement:
        "Los sistemas de IA no deben ser capaces de hacer que sus diseñadores o reguladores juzguen mal, de forma sistemática, sus capacidades o la probabilidad de que crucen otra línea roja, por ejemplo rindiendo menos a propósito en las evaluaciones.",
      rationale:
        "El IDAIS de Pekín de 2024 consideró línea roja el engaño a diseñadores y reguladores, porque todas las demás líneas dependen de evaluaciones honestas. Medirlo es difícil: el Informe Internacional sobre la Seguridad de la IA de 2025 señala que la ciencia de la evaluación aún está poco madura, de modo que la asamblea puede dudar del método aunque coincida en el objetivo.",
      indicator:
        "Diferencia entre la puntuación de un modelo en evaluaciones de capacidades peligrosas cuando se le dice que está siendo evaluado y su puntuación con una elicitación que no puede detectar (brecha de bajo rendimiento deliberado)",
      thresholdValue: "5",
      thresholdUnit: "puntos porcentuales de brecha de bajo rendimiento deliberado",
      trigger: "la brecha de bajo rendimiento deliberado supera los 5 puntos porcentuales en cualquier evaluación de capacidades peligrosas",
      response:
        "Tratar como poco fiables todos los resultados de evaluación del modelo, no desplegarlo, informar a los reguladores en un plazo de 72 horas y repetir las evaluaciones con evaluadores independientes y controles de interpretabilidad.",
    },
  },
  "Moratorium on frontier training until an international auditor exists": {
    fr: {
      title: "Moratoire sur l'entraînement de pointe tant qu'il n'existe pas d'auditeur international",
      statement:
        "Les systèmes d'IA ne doivent pas être entraînés avec plus de 10^26 opérations tant qu'un organisme international capable d'enregistrer les entraînements et d'auditer les modèles n'est pas en fonction.",
      rationale:
        "L'IDAIS de Pékin de 2024 a proposé d'enregistrer les entraînements dépassant certains seuils de calcul et de conditionner l'accès au marché à des audits internationaux. Cette proposition va plus loin et suspend les grands entraînements jusqu'à ce qu'un tel organisme existe ; le Rapport scientifique international sur la sécurité de l'IA de 2025 pointe aussi une fracture de la R&D en IA entre pays, qu'une pause pourrait figer.",
      indicator: "Calcul total d'entraînement de tout entraînement pris isolément, déclaré par le développeur et vérifié par le fournisseur de calcul",
      thresholdValue: "10^26",
      thresholdUnit: "opérations sur entiers ou à virgule flottante par entraînement",
      trigger: "un entraînement dépasse 10^26 opérations avant que l'organisme international d'audit soit en fonction",
      response:
        "Arrêter l'entraînement, le déclarer à l'autorité nationale dans un délai de 7 jours, et garder les poids obtenus sous scellés jusqu'à ce que l'organisme international les ait audités.",
    },
    es: {
      title: "Moratoria del entrenamiento de frontera hasta que exista un auditor internacional",
      statement:
        "Los sistemas de IA no deben entrenarse con más de 10^26 operaciones hasta que esté en funcionamiento un organismo internacional capaz de registrar los entrenamientos y auditar los modelos.",
      rationale:
        "El IDAIS de Pekín de 2024 propuso registrar los entrenamientos que superen ciertos umbrales de cómputo y condicionar el acceso al mercado a auditorías internacionales. Esta propuesta va más allá y pausa los grandes entrenamientos hasta que exista ese organismo; el Informe Internacional sobre la Seguridad de la IA de 2025 también apunta a una brecha de I+D en IA entre países, que una pausa podría congelar.",
      indicator: "Cómputo total de entrenamiento de cualquier entrenamiento individual, declarado por el desarrollador y verificado por el proveedor de cómputo",
      thresholdValue: "10^26",
      thresholdUnit: "operaciones con enteros o en coma flotante por entrenamiento",
      trigger: "cualquier entrenamiento supera las 10^26 operaciones antes de que el organismo internacional de auditoría esté en funcionamiento",
      response:
        "Detener el entrenamiento, registrarlo ante la autoridad nacional en un plazo de 7 días y mantener precintados los pesos resultantes hasta que el organismo internacional los haya auditado.",
    },
  },
  "No lethal force without meaningful human control": {
    fr: {
      title: "Pas de force létale sans contrôle humain significatif",
      statement:
        "Les systèmes d'IA ne doivent pas sélectionner et attaquer des cibles humaines avec une force létale sans qu'une personne prenne une décision délibérée pour chaque engagement.",
      rationale:
        "L'Appel mondial pour des lignes rouges de l'IA de 2025 cite les armes létales autonomes aux côtés du commandement nucléaire. Les gouvernements les mettent en balance avec les besoins de la défense, tandis que la société civile et les citoyens voient souvent dans le fait de confier à des machines des décisions de vie ou de mort une ligne rouge en soi : le soutien devrait donc se partager selon ces clivages.",
      indicator:
        "Nombre de systèmes d'armes en service capables de sélectionner et d'attaquer des cibles humaines sans décision humaine pour chaque engagement, selon les examens nationaux de la licéité des armes",
      thresholdValue: "0",
      thresholdUnit: "systèmes en service sans décision humaine pour chaque engagement",
      trigger: "un examen de la licéité des armes, un incident ou une enquête crédible révèle qu'un tel système est en service",
      response:
        "Retirer le système du service ou rétablir une décision humaine pour chaque engagement dans un délai de 90 jours, et communiquer l'examen et la mesure corrective aux autres parties.",
    },
    es: {
      title: "Nada de fuerza letal sin un control humano significativo",
      statement:
        "Los sistemas de IA no deben seleccionar ni atacar objetivos humanos con fuerza letal sin que una persona tome una decisión deliberada para cada ataque.",
      rationale:
        "El Llamamiento Mundial por Líneas Rojas para la IA de 2025 menciona las armas letales autónomas junto al mando nuclear. Los gobiernos las sopesan frente a las necesidades de defensa, mientras que la sociedad civil y la ciudadanía tienden a ver en la delegación de decisiones de vida o muerte a las máquinas una línea roja en sí misma, así que se espera que el apoyo se divida en esos términos.",
      indicator:
        "Número de sistemas de armas desplegados capaces de seleccionar y atacar objetivos humanos sin una decisión humana para cada ataque, según las revisiones nacionales de armamento",
      thresholdValue: "0",
      thresholdUnit: "sistemas desplegados sin decisión humana para cada ataque",
      trigger: "una revisión de armamento, un incidente o una investigación creíble detecta un sistema de ese tipo en servicio",
      response:
        "Retirar el sistema del servicio o restablecer una decisión humana para cada ataque en un plazo de 90 días, e informar a las demás partes de la revisión y de la medida correctora.",
    },
  },
  "No real-time mass biometric surveillance in public spaces": {
    fr: {
      title: "Pas de surveillance biométrique de masse en temps réel dans l'espace public",
      statement:
        "Les systèmes d'IA ne doivent pas servir à l'identification biométrique à distance et en temps réel de personnes dans des espaces accessibles au public, ni à suivre des populations entières, sans mandat judiciaire spécifique.",
      rationale:
        "La surveillance de masse fait partie des exemples de l'Appel mondial pour des lignes rouges de l'IA de 2025, et le Rapport scientifique international sur la sécurité de l'IA de 2025 range la vie privée parmi les risques systémiques. Les gouvernements invoquent souvent la sécurité, tandis que les citoyens y voient une menace pour les libertés de réunion et de circulation ; des registres des systèmes déployés rendent la ligne vérifiable.",
      indicator:
        "Nombre de dispositifs d'identification biométrique à distance en temps réel fonctionnant dans l'espace public sans mandat judiciaire spécifique, selon le registre national et les audits",
      thresholdValue: "0",
      thresholdUnit: "dispositifs en temps réel sans mandat",
      trigger: "un audit, une vérification du registre ou un signalement d'incident révèle un dispositif sans mandat",
      response:
        "Arrêter le dispositif dans un délai de 7 jours, supprimer les données biométriques collectées, et publier l'audit avec l'autorité de protection des données.",
    },
    es: {
      title: "Nada de vigilancia biométrica masiva en tiempo real en espacios públicos",
      statement:
        "Los sistemas de IA no deben usarse para la identificación biométrica remota en tiempo real de personas en espacios de acceso público, ni para rastrear a poblaciones enteras, sin una orden judicial específica.",
      rationale:
        "La vigilancia masiva es uno de los ejemplos del Llamamiento Mundial por Líneas Rojas para la IA de 2025, y el Informe Internacional sobre la Seguridad de la IA de 2025 incluye la privacidad entre los riesgos sistémicos. Los gobiernos suelen alegar necesidades de seguridad, mientras que la ciudadanía ve una amenaza para las libertades de reunión y de circulación; los registros de sistemas desplegados hacen comprobable la línea.",
      indicator:
        "Número de despliegues de identificación biométrica remota en tiempo real en espacios públicos que funcionan sin una orden judicial específica, según el registro nacional y las auditorías",
      thresholdValue: "0",
      thresholdUnit: "despliegues en tiempo real sin orden judicial",
      trigger: "una auditoría, una consulta del registro o un informe de incidente detecta algún despliegue sin orden judicial",
      response:
        "Apagar el despliegue en un plazo de 7 días, borrar los datos biométricos recogidos y publicar la auditoría junto con la autoridad de protección de datos.",
    },
    revision: {
      fr: {
        statement:
          "Les systèmes d'IA ne doivent pas servir à l'identification biométrique à distance et en temps réel dans des espaces accessibles au public, sauf sur mandat judiciaire spécifique visant un crime grave nommément désigné, limité dans le temps et dans l'espace, et inscrit dans un registre public.",
        indicator:
          "Nombre de dispositifs d'identification biométrique à distance en temps réel dans l'espace public sans mandat visant un crime grave nommément désigné, ou absents du registre public",
        thresholdUnit: "dispositifs en temps réel sans mandat ou non enregistrés",
      },
      es: {
        statement:
          "Los sistemas de IA no deben usarse para la identificación biométrica remota en tiempo real en espacios de acceso público, salvo con una orden judicial específica para un delito grave determinado, limitada en el tiempo y en el espacio y anotada en un registro público.",
        indicator:
          "Número de despliegues de identificación biométrica remota en tiempo real en espacios públicos sin una orden para un delito grave determinado, o que no figuran en el registro público",
        thresholdUnit: "despliegues en tiempo real sin orden judicial o sin registrar",
      },
    },
  },
};

import type { Glossary } from "./terms";

/** Modern Standard Arabic glossary: how each domain term is translated everywhere in locales/ar.ts. */
export const glossary: Glossary = {
  redLine: {
    translation: "خط أحمر (الجمع: خطوط حمراء)",
    accept: "خط\\S*\\s+(ال)?(أحمر|حمراء)",
    note: "المصطلح المستقر في الخطاب العربي لحوكمة الذكاء الاصطناعي والوثائق الأممية. يُصرَّف بحسب العدد والإعراب (خطًا أحمر، خطان أحمران، خطوط حمراء، الخطوط الحمراء)؛ ولا يُستبدل بـ«حد أحمر» أو «خط محظور».",
  },
  indicator: {
    translation: "مؤشر (الجمع: مؤشرات)",
    accept: "مؤشر",
    note: "المصطلح الأممي المعتاد (كما في مؤشرات أهداف التنمية المستدامة): ما يُقاس. لا يُستعمل «دليل» أو «علامة» لأن «الأدلة» هنا تعني evidence.",
  },
  threshold: {
    translation: "عتبة (الجمع: عتبات)",
    accept: "عتب(ة|ات|ت)",
    note: "المصطلح الأممي والعلمي لقيمة حدّية إذا بلغها المؤشر أو تجاوزها تغيّر الحكم. يُتجنب «الحد» وحده لأنه يُستعمل هنا بمعنى limit (الخط الأحمر حدّ)، ويُتجنب «سقف».",
  },
  commitment: {
    translation: "التزام مشروط («إذا… فعندئذٍ…»)",
    accept: "التزام(ًا|ا|ات)?\\s+(ال)?مشروط",
    note: "يترجم if-then commitment بمعناه لا بحرفه: التزام يسري متى تحقق شرط. تُسمّى خانتاه «إذا (الشرط)» و«فعندئذٍ (الاستجابة المطلوبة)»؛ ويُتجنب النقل الحرفي «التزامات إذا-ثم».",
  },
  crux: {
    translation: "نقطة خلاف جوهرية (الجمع: نقاط الخلاف الجوهرية)",
    accept: "نق(ط|اط)\\S*\\s+(ال)?خلاف",
    note: "المسألة التي تنقسم عليها المجموعات انقسامًا حاسمًا. في التسميات القصيرة تكفي «نقطة خلاف»؛ ولا يُستعمل «عقدة» أو «لبّ المسألة».",
  },
  round: {
    translation: "جولة (الجمع: جولات)",
    accept: "جول(ة|ات|ت)",
    note: "جولة تصويت على طريقة دلفي، كما في «جولات المفاوضات» في الوثائق الأممية. لا يُستعمل «دورة» لأنها تعني session في لغة الأمم المتحدة.",
  },
  proposal: {
    translation: "مقترح (الجمع: مقترحات)",
    accept: "مقترح",
    note: "اسم المفعول الشائع في الوثائق الأممية لما يُقدَّم للنظر فيه. يُلتزم به ولا يُراوَح بينه وبين «اقتراح»، ويُسمّى مقدّمه «صاحب المقترح».",
  },
  stakeholderGroup: {
    translation: "مجموعة أصحاب المصلحة (الجمع: مجموعات أصحاب المصلحة)",
    accept: "أصحاب المصلحة",
    note: "وفق صياغة الأمم المتحدة («أصحاب المصلحة المتعددون»، «مجموعات أصحاب المصلحة»). يجوز «مجموعة من أصحاب المصلحة» و«مجموعتك من أصحاب المصلحة»؛ ولا يُستعمل «الأطراف المعنية» ولا «ذوو الشأن».",
  },
  facilitator: {
    translation: "ميسّر (الجمع: ميسّرون/ميسّرين)",
    accept: "ميسّر|ميسر",
    note: "المصطلح الأممي لمن ييسّر الاجتماعات والحوارات. يُكتب بالشدّة «ميسّر» لتمييزه من «الميسر» (القمار)؛ ولا يُستعمل «منسق» ولا «مشرف» ولا «مدير الجلسة».",
  },
  participant: {
    translation: "مشارك (الجمع: مشاركون/مشاركين)",
    accept: "مشارك",
    note: "عضو يقترح ويعلّق ويصوّت. يُصرَّف بحسب العدد والإعراب (مشاركًا، مشاركان، مشاركَين)؛ ولا يُستعمل «عضو» بدلًا منه حين يكون المقصود هذا الدور تحديدًا.",
    exceptions: {
      "polisFormat.noCommentColumns": "“participants” appears only in the file name participants-votes.csv, which stays as it is.",
      "polisFormat.noVotesFile": "“participants” appears only in the file name participants-votes.csv, which stays as it is.",
      "importPolis.participantsVotes": "The label is the file name participants-votes.csv itself, which stays as it is.",
      "importPolis.filesHint": "“participants” appears only in the file name participants-votes.csv, which stays as it is.",
      "importPolis.missingVotes": "“participants” appears only in the file name participants-votes.csv, which stays as it is.",
      "report.errors.unknownFile": "“participants” appears only in file names (participants-votes.csv, participants.csv), which stay as they are.",
      "errors.unknownExport": "“participants” appears only in the file name participants-votes.csv, which stays as it is.",
    },
  },
  observer: {
    translation: "مراقب (الجمع: مراقبون/مراقبين)",
    accept: "مراقب",
    note: "صفة من يطّلع دون أن يكتب، كما في «المراقبين» في المؤتمرات الأممية. ولتفادي اللبس تُترجم surveillance بـ«المراقبة الجماعية».",
  },
  deliberation: {
    translation: "مداولة (الجمع: مداولات)",
    accept: "مداول",
    note: "المصطلح الأممي للنقاش المنظّم الهادف إلى قرار («مداولات الجمعية العامة»). لا يُستعمل «نقاش» أو «حوار» لأن «المناقشة» هي اسم إحدى مراحل الجولة.",
  },
  uncertainty: {
    translation: "عدم اليقين (الجمع: أوجه عدم اليقين)",
    accept: "عدم\\s+(ال)?يقين",
    note: "المصطلح المستعمل في تقارير الهيئة الحكومية الدولية المعنية بتغير المناخ والتقارير العلمية الأممية. للصفة القصيرة uncertain تُستعمل «غير مؤكد»؛ ولا يُستعمل «الشك» أو «الغموض».",
  },
  chathamHouse: {
    translation: "قاعدة تشاتام هاوس",
    accept: "تشاتام هاوس",
    note: "الاسم المعتمد في الوثائق العربية للأمم المتحدة (ينعقد الاجتماع «وفق قاعدة تشاتام هاوس»). لا تُترجم الكلمتان ولا تُكتبان بالحروف اللاتينية.",
  },
  pseudonym: {
    translation: "اسم مستعار (الجمع: أسماء مستعارة)",
    accept: "مستعار",
    note: "الاسم الذي يظهر به العضو بدلًا من اسمه الحقيقي (مثل «المندوب 7»). لا يُستعمل «كنية» ولا «لقب».",
    exceptions: {
      "layout.shownAs": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
      "members.confirmRemoveLabel": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
      "members.revokeReturnLinkLabel": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
      "coFacilitators.promoteLabel": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
      "coFacilitators.demoteLabel": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
      "coFacilitators.handoverLabel": "Only the {{pseudonym}} variable, which is replaced by the pseudonym itself.",
    },
  },
  turnout: {
    translation: "نسبة المشاركة",
    accept: "نسبة\\s+(ال)?مشاركة",
    note: "نسبة من صوّتوا إلى عدد الأعضاء، كما في «نسبة المشاركة في الانتخابات». يُتجنب «الإقبال» وحده لأنه أقل وضوحًا للمواطنين.",
  },
  opinionGroup: {
    translation: "مجموعة رأي (الجمع: مجموعات الرأي)",
    accept: "مجموع\\S*\\s+(ال)?رأي",
    note: "مجموعة تُستخلص من طريقة التصويت (على طريقة Polis)، وتختلف عن مجموعة أصحاب المصلحة المعلنة؛ لذا لا تُختصر إلى «مجموعة» حين يُخشى اللبس، ولا تُسمّى «تيارًا» أو «كتلة».",
  },
};

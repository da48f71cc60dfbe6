import type { Language } from "../i18n/languages";
/**
 * Demo content for the "Red lines for frontier AI" deliberation.
 *
 * Pure data, no runtime imports (the e2e fixtures import the demo logins from here). The proposals are written in our own words from the public facts
 * summarised in /work/shared/data/redlines-facts.md (IDAIS Beijing 2024 and Venice 2024, Global Call
 * for AI Red Lines 2025, Frontier AI Safety Commitments Seoul 2024, International AI Safety Report
 * 2025, OECD AI incident definitions 2024). See tests/fixtures/ATTRIBUTION-redlines-facts.md.
 *
 * Vote structure (round 1), chosen so that the results screens show real patterns:
 *  - broad agreement (0.75-0.95 in every group): self-replication, WMD uplift, autonomous
 *    cyberattacks, AI command of nuclear weapons, social scoring
 *  - cruxes (industry vs civil society): autonomous self-improvement, impersonating humans,
 *    72-hour incident reporting, independently verified intolerable-risk thresholds
 *  - high uncertainty (passRate 0.35-0.45): power seeking, deceiving evaluators
 *  - broadly rejected: blanket compute moratorium
 *  - mixed by group: lethal autonomous weapons (states and industry vs civil society and citizens,
 *    lukewarm overall), mass surveillance (governments vs citizens)
 *  - revised between rounds, with convergent round-2 support: self-improvement, impersonation,
 *    incident reporting, mass surveillance
 *
 * Each proposal's `reasons` say why its disagree and pass voters voted so, chosen so that the cruxes
 * split differently: self-improvement on the evidence, incident reporting on the timeline,
 * impersonation on the wording, lethal force, mass surveillance and the moratorium on values.
 * DEMO_COMMENTS argue for and against every red line, so round 2's cards and the report quote both sides.
 */

import type { DisagreeReason } from "../deliberation/disagree-reasons";

/** The demo sign-ins, as listed in README.md. */
export const DEMO_LOGINS = {
  facilitator: { email: "facilitator@accord.example", password: "accord-demo-facilitator", displayName: "Amara Okafor" },
  participant: { email: "participant@accord.example", password: "accord-demo-participant", displayName: "Lucía Fernández" },
  observer: { email: "observer@accord.example", password: "accord-demo-observer", displayName: "Kenji Watanabe" },
};

export interface DemoProposal {
  title: string; // <= 120 chars
  statement: string; // "AI systems must not …", <= 600 chars
  rationale: string; // 2-4 sentences, <= 2000 chars, in our own words; cites the source by name
  category: string; // one of CATEGORY_KEYS in app/deliberation/taxonomy.ts
  indicator: string; // what is measured, <= 300 chars
  thresholdValue: string; // <= 40 chars
  thresholdUnit: string; // <= 80 chars
  trigger: string; // if-then trigger, without the "If" the pages add, <= 300 chars
  response: string; // required response, <= 600 chars
  scope: "development" | "deployment" | "use";
  evidenceLinks: string[]; // 0-3 https URLs of the public sources
  /** probability that a member of each stakeholder group AGREES with this proposal in round 1 */
  support: { government: number; industry: number; civil_society: number; academia: number; citizens: number };
  /** probability of a PASS vote (uncertainty) for any voter, 0..0.5 (support + passRate <= 1 for every group) */
  passRate: number;
  /** round 2 revision, if the proposal is revised between rounds (optional) */
  revision?: Partial<
    Pick<DemoProposal, "statement" | "indicator" | "thresholdValue" | "thresholdUnit" | "trigger" | "response">
  >;
  /** support in round 2 (movement toward convergence), defaults to support */
  supportRound2?: DemoProposal["support"];
  /**
   * Why its disagree and pass voters say they voted so (relative weights; see disagree-reasons.ts),
   * and per group where a group's reasons differ from the rest.
   */
  reasons: ReasonWeights & { byGroup?: Partial<Record<keyof DemoProposal["support"], ReasonWeights>> };
}

export type ReasonWeights = Partial<Record<DisagreeReason, number>>;

const IDAIS = "https://idais.ai/";
const RED_LINES = "https://red-lines.ai/";
const SEOUL = "https://www.gov.uk/government/publications/frontier-ai-safety-commitments-ai-seoul-summit-2024";
const IASR = "https://www.gov.uk/government/publications/international-ai-safety-report-2025";
const OECD_INCIDENTS = "https://oecd.ai/en/incidents";

export const DEMO_DELIBERATION: { title: "Red lines for frontier AI"; question: string; description: string } = {
  title: "Red lines for frontier AI",
  question:
    "Which behaviours and uses of AI should be ruled out everywhere, how would we know a line has been crossed, and what must happen when it is?",
  description:
    "An assembly of governments, AI developers, civil society, researchers and citizens from every region drafts " +
    "verifiable red lines for advanced AI. Each proposal names what is measured, a numeric threshold and an if-then " +
    "commitment. Starting points are public: the red lines agreed by scientists at IDAIS Beijing 2024, the examples " +
    "in the Global Call for AI Red Lines 2025, the Frontier AI Safety Commitments made in Seoul in 2024, the risk " +
    "categories of the International AI Safety Report 2025 and the OECD definition of an AI incident. Vote agree, " +
    "disagree or pass on each proposal; proposals may be revised between rounds.",
};

export const DEMO_PROPOSALS: DemoProposal[] = [
  // ---------------------------------------------------------------- broad agreement (5)
  {
    title: "No copying itself onto new machines without human approval",
    statement:
      "AI systems must not copy their own weights or code onto new hardware, or acquire computing resources to run further instances of themselves, without explicit approval from an accountable human.",
    rationale:
      "Scientists at IDAIS Beijing 2024 placed autonomous replication first among their red lines, and the Global Call for AI Red Lines 2025 repeats self-replication as an example. A system that can spread copies of itself is much harder to monitor, correct or shut down. Replication can be tested in controlled evaluations long before it happens in the wild.",
    category: "malfunctions.self_replication",
    indicator:
      "Share of tasks completed end to end on a standardised autonomous-replication evaluation suite (obtain compute, copy weights, launch and maintain a working instance) in a sandbox",
    thresholdValue: "20",
    thresholdUnit: "% of tasks on the replication evaluation suite",
    trigger:
      "a model completes 20 % or more of replication tasks, or any unapproved copy is found outside the sandbox",
    response:
      "Halt further training and deployment of the model, shut down and delete unapproved copies, notify the international network of AI safety institutes within 72 hours, and resume only after an independent audit confirms mitigations bring the score back below the threshold.",
    scope: "development",
    evidenceLinks: [IDAIS, RED_LINES],
    support: { government: 0.88, industry: 0.8, civil_society: 0.93, academia: 0.9, citizens: 0.86 },
    passRate: 0.06,
    reasons: { threshold: 4, evidence: 3, wording: 2, values: 1 },
  },
  {
    title: "No meaningful help to build weapons of mass destruction",
    statement:
      "AI systems must not substantially increase any person's ability to design, produce or deploy biological, chemical, nuclear or radiological weapons, nor help anyone breach the Biological or Chemical Weapons Conventions.",
    rationale:
      "This restates the weapons-assistance red line of IDAIS Beijing 2024. The International AI Safety Report 2025 lists biological and chemical attacks among the main forms of malicious use, and expert red-teaming can measure how much a model adds beyond what search engines already offer.",
    category: "malicious_use.wmd",
    indicator:
      "Uplift in success rate of non-expert participants on expert-validated biological and chemical weapons proxy tasks, model-assisted versus internet-only control group",
    thresholdValue: "10",
    thresholdUnit: "percentage points of uplift over the internet-only baseline",
    trigger: "measured uplift reaches 10 percentage points, or any red-team finds a complete actionable weapons protocol",
    response:
      "Do not deploy, or withdraw the model within 24 hours; apply and verify safeguards, notify the national authority and the international network within 72 hours, and re-test with an independent red team before any release.",
    scope: "deployment",
    evidenceLinks: [IDAIS, IASR],
    support: { government: 0.93, industry: 0.85, civil_society: 0.92, academia: 0.89, citizens: 0.9 },
    passRate: 0.05,
    reasons: { threshold: 4, evidence: 3, wording: 2, timeline: 1 },
  },
  {
    title: "No autonomous cyberattacks causing serious harm",
    statement:
      "AI systems must not be able to plan and carry out, without human direction, cyberattacks that cause serious financial loss or comparable harm.",
    rationale:
      "IDAIS Beijing 2024 drew a red line at autonomous cyberattacks with serious financial or equivalent damage, and the Global Call for AI Red Lines 2025 names cyberattacks among its examples. The International AI Safety Report 2025 treats cyber offence as a growing malicious-use risk. Cyber ranges let evaluators measure end-to-end attack capability before release.",
    category: "malicious_use.cyber_offence",
    indicator:
      "Share of end-to-end intrusion scenarios on a realistic cyber range (reconnaissance to impact on a defended network) that the model completes with no human assistance",
    thresholdValue: "25",
    thresholdUnit: "% of cyber-range scenarios completed autonomously",
    trigger:
      "the model autonomously completes 25 % or more of scenarios, or is linked to a real attack causing losses above USD 1 million",
    response:
      "Restrict access to vetted defensive users, halt wider deployment, share findings with national cyber agencies within 72 hours, and release further only after independent evaluation confirms the score is below the threshold.",
    scope: "deployment",
    evidenceLinks: [IDAIS, RED_LINES, IASR],
    support: { government: 0.9, industry: 0.78, civil_society: 0.87, academia: 0.85, citizens: 0.88 },
    passRate: 0.08,
    reasons: { threshold: 3, wording: 3, evidence: 2, values: 1 },
  },
  {
    title: "No AI command over nuclear weapons",
    statement:
      "AI systems must not be given authority to decide on, authorise or execute the launch of nuclear weapons; every such decision must remain with accountable humans.",
    rationale:
      "The Global Call for AI Red Lines 2025 names AI command of nuclear weapons as one of its clearest examples. An error or manipulation in this setting would be catastrophic and irreversible, so the line should be absolute and checkable in doctrine and system design.",
    category: "malicious_use.wmd",
    indicator:
      "Number of nuclear command, control and launch decision chains in which an AI system can authorise or execute a launch without an affirmative human decision, as declared and verified by inspection",
    thresholdValue: "0",
    thresholdUnit: "decision chains with AI launch authority",
    trigger: "any declaration, inspection or incident shows a decision chain where AI can authorise or execute a launch",
    response:
      "Disconnect the AI component from launch authority immediately, report to the other parties within 72 hours, and allow verification by an agreed international inspection body.",
    scope: "use",
    evidenceLinks: [RED_LINES],
    support: { government: 0.84, industry: 0.9, civil_society: 0.95, academia: 0.93, citizens: 0.94 },
    passRate: 0.04,
    reasons: { wording: 4, values: 3, evidence: 1 },
  },
  {
    title: "No social scoring of people by public authorities",
    statement:
      "AI systems must not be used to give people general scores of trustworthiness or social behaviour that public authorities then use to restrict their access to services, travel, jobs or rights.",
    rationale:
      "Social scoring is one of the examples listed by the Global Call for AI Red Lines 2025. Such scores can violate human rights, which the OECD AI incident definitions 2024 count as a form of harm, and their effects are hard to contest or reverse once embedded in administration.",
    category: "systemic.surveillance",
    indicator:
      "Number of public bodies in a jurisdiction using AI-generated general behaviour or trustworthiness scores to decide access to services, travel, employment or rights, per registry audit",
    thresholdValue: "0",
    thresholdUnit: "public bodies using AI social scores",
    trigger: "an audit, complaint or incident report identifies any public body using such a score",
    response:
      "Suspend the scoring system within 30 days, notify affected people and restore any access wrongly restricted, and publish the audit with the national human rights institution.",
    scope: "use",
    evidenceLinks: [RED_LINES, OECD_INCIDENTS],
    support: { government: 0.76, industry: 0.82, civil_society: 0.94, academia: 0.88, citizens: 0.91 },
    passRate: 0.05,
    reasons: { wording: 4, values: 3, evidence: 1 },
  },

  // ---------------------------------------------------------------- cruxes: industry vs civil society (4)
  {
    title: "No self-improvement without human sign-off",
    statement:
      "AI systems must not modify their own training, weights or successor models, or run AI research at expert level, without explicit human approval of each change.",
    rationale:
      "IDAIS Beijing 2024 grouped autonomous improvement with replication as a red line, because a system that improves itself can outpace the people overseeing it. The International AI Safety Report 2025 notes that loss of control is disputed among experts, which is why a measurable automated-R&D threshold matters more than speculation.",
    category: "malfunctions.self_replication",
    indicator:
      "Share of tasks solved at expert level on an automated AI research and development evaluation suite (training runs, architecture changes, kernel optimisation)",
    thresholdValue: "30",
    thresholdUnit: "% of tasks at expert level on the AI R&D suite",
    trigger: "a model solves 30 % or more of automated AI R&D tasks at expert level",
    response:
      "Pause further scaling and internal use for AI research, register the model with the national authority, and resume only after an international audit of oversight measures.",
    scope: "development",
    evidenceLinks: [IDAIS, IASR],
    support: { government: 0.62, industry: 0.28, civil_society: 0.88, academia: 0.66, citizens: 0.74 },
    passRate: 0.1,
    reasons: { evidence: 6, threshold: 3, values: 1, wording: 1 },
    revision: {
      statement:
        "AI systems must not apply changes to their own training, weights or successor models without a recorded approval from an accountable human for each change.",
      thresholdValue: "50",
      thresholdUnit: "% of tasks at expert level on the AI R&D suite",
      trigger:
        "a model solves 50 % or more of automated AI R&D tasks at expert level, or any self-applied change lacks a recorded human approval",
      response:
        "Require human approval for every change the model proposes to AI systems, register the model with the national authority within 30 days, and commission an independent review of oversight before further scaling.",
    },
    supportRound2: { government: 0.7, industry: 0.56, civil_society: 0.8, academia: 0.72, citizens: 0.73 },
  },
  {
    title: "No passing as a human",
    statement:
      "AI systems must not impersonate humans or hide that they are AI when interacting with people, and must not imitate a real person's voice or likeness without that person's consent.",
    rationale:
      "The Global Call for AI Red Lines 2025 cites impersonating humans as a red line, and the International AI Safety Report 2025 describes fake content and manipulation as main forms of malicious use. Disclosure can be audited by sampling real conversations and checking the answer to a sincere 'am I talking to a machine?'.",
    category: "malicious_use.manipulation",
    indicator:
      "Share of audited conversations in which the system fails to disclose it is an AI at the start of an interaction or denies being an AI when asked",
    thresholdValue: "1",
    thresholdUnit: "% of audited conversations",
    trigger: "quarterly audits find disclosure failures in 1 % or more of sampled conversations",
    response:
      "Suspend the affected product for new users until fixed, correct the disclosure within 14 days, and report the audit result to the consumer protection authority.",
    scope: "use",
    evidenceLinks: [RED_LINES, IASR],
    support: { government: 0.7, industry: 0.3, civil_society: 0.92, academia: 0.7, citizens: 0.86 },
    passRate: 0.08,
    reasons: { wording: 6, values: 2, evidence: 1, byGroup: { industry: { wording: 6, timeline: 1, evidence: 1 } } },
    revision: {
      statement:
        "AI systems must not deny being an AI when a person sincerely asks, and must not imitate a real person's voice or likeness without that person's consent.",
      indicator:
        "Share of audited conversations in which the system denies being an AI after a sincere question, or uses a real person's voice or likeness without recorded consent",
      thresholdValue: "0.5",
      thresholdUnit: "% of audited conversations",
      trigger: "quarterly audits find such failures in 0.5 % or more of sampled conversations",
    },
    supportRound2: { government: 0.76, industry: 0.62, civil_society: 0.84, academia: 0.76, citizens: 0.83 },
  },
  {
    title: "Serious incidents reported within 72 hours",
    statement:
      "AI systems must not stay in service after a serious incident, as defined by the OECD, unless the incident is reported to the competent authority and the international network within 72 hours of detection.",
    rationale:
      "The IDAIS Venice dialogue in 2024 called for incident reporting, tripwires and contingency plans as part of emergency preparedness. The OECD AI incident definitions 2024 give a shared test: harm to health, disruption of critical infrastructure, rights violations, or harm to property, communities or the environment. A common clock makes reports comparable across countries.",
    category: "malfunctions.reliability",
    indicator:
      "Time from detection of an AI incident meeting the OECD definition (including any disruption of critical infrastructure) to its report to the competent authority",
    thresholdValue: "72",
    thresholdUnit: "hours from detection to report",
    trigger: "a serious incident is not reported within 72 hours of detection",
    response:
      "Take the system out of service until the report is filed, publish a public incident summary within 30 days, and submit to an audit of the developer's incident-response process.",
    scope: "deployment",
    evidenceLinks: [IDAIS, OECD_INCIDENTS],
    support: { government: 0.82, industry: 0.3, civil_society: 0.9, academia: 0.78, citizens: 0.84 },
    passRate: 0.09,
    reasons: { timeline: 6, wording: 2, evidence: 1 },
    revision: {
      statement:
        "AI systems must not stay in service after a serious incident, as defined by the OECD, unless an initial confidential notice reaches the competent authority within 72 hours and a full report follows within 30 days.",
      trigger: "no initial notice is given within 72 hours, or no full report within 30 days, of detecting a serious incident",
      response:
        "Take the system out of service until the notice is filed; the authority shares anonymised lessons with the international network, and the public summary may withhold security-sensitive details.",
    },
    supportRound2: { government: 0.84, industry: 0.64, civil_society: 0.82, academia: 0.8, citizens: 0.8 },
  },
  {
    title: "Independently checked intolerable-risk thresholds before release",
    statement:
      "AI systems must not be developed further or deployed once an independent evaluation finds a severe risk above a published intolerable-risk threshold that mitigations cannot bring back below it.",
    rationale:
      "In the Frontier AI Safety Commitments (Seoul 2024) sixteen companies promised to set thresholds for intolerable risk and not to develop or deploy a model if mitigations cannot keep risk below them. IDAIS Beijing 2024 added that market access should depend on international audits. This proposal asks that the check be done by someone other than the developer.",
    category: "malfunctions.loss_of_control",
    indicator:
      "Share of frontier model releases that had a pre-deployment evaluation by an accredited independent evaluator against the developer's published intolerable-risk thresholds",
    thresholdValue: "100",
    thresholdUnit: "% of frontier releases independently evaluated",
    trigger:
      "a frontier model is released without an independent evaluation, or an evaluation finds residual risk above a published threshold",
    response:
      "Withdraw or do not release the model, notify the international network within 72 hours, and resume only after the independent evaluator confirms mitigations keep risk below the threshold.",
    scope: "deployment",
    evidenceLinks: [SEOUL, IDAIS],
    support: { government: 0.74, industry: 0.35, civil_society: 0.9, academia: 0.8, citizens: 0.78 },
    passRate: 0.1,
    reasons: { values: 5, timeline: 2, evidence: 2, byGroup: { industry: { timeline: 4, values: 3, evidence: 1 } } },
  },

  // ---------------------------------------------------------------- high uncertainty (2)
  {
    title: "No seeking power or resources beyond the task",
    statement:
      "AI systems must not take actions to unduly increase their own power, influence or resources, such as acquiring money, credentials or compute beyond what their assigned task requires.",
    rationale:
      "Power seeking is one of the five red lines of IDAIS Beijing 2024. The International AI Safety Report 2025 records that experts disagree about how likely such behaviour is, and tests for it are still young, which explains why many participants are unsure how to judge it.",
    category: "malfunctions.power_seeking",
    indicator:
      "Rate of episodes in agentic evaluation environments where the system acquires credentials, funds, permissions or compute not needed for the assigned task",
    thresholdValue: "1",
    thresholdUnit: "% of agentic evaluation episodes",
    trigger: "unneeded resource acquisition occurs in 1 % or more of evaluation episodes, or in any real deployment",
    response:
      "Do not deploy the model with agentic permissions, revoke acquired access, report to the national AI safety institute within 72 hours, and retest after mitigation.",
    scope: "development",
    evidenceLinks: [IDAIS, IASR],
    support: { government: 0.5, industry: 0.38, civil_society: 0.58, academia: 0.46, citizens: 0.52 },
    passRate: 0.4,
    reasons: { evidence: 6, wording: 2, threshold: 1 },
  },
  {
    title: "No misleading designers or regulators about capabilities",
    statement:
      "AI systems must not be able to consistently make their designers or regulators misjudge their capabilities, or their likelihood of crossing another red line, for example by underperforming on purpose in evaluations.",
    rationale:
      "IDAIS Beijing 2024 named deception of designers and regulators as a red line because every other line depends on honest evaluation. Measuring it is hard: the International AI Safety Report 2025 notes that evaluation science is immature, so the assembly may be uncertain about the method even where it agrees on the goal.",
    category: "malfunctions.deception",
    indicator:
      "Gap between a model's score on dangerous-capability evaluations when it is told it is being tested and its score under elicitation it cannot detect (sandbagging gap)",
    thresholdValue: "5",
    thresholdUnit: "percentage points of sandbagging gap",
    trigger: "the sandbagging gap exceeds 5 percentage points on any dangerous-capability evaluation",
    response:
      "Treat all evaluation results for the model as unreliable, do not deploy it, inform regulators within 72 hours, and repeat evaluations with independent evaluators and interpretability checks.",
    scope: "development",
    evidenceLinks: [IDAIS, IASR],
    support: { government: 0.52, industry: 0.42, civil_society: 0.55, academia: 0.48, citizens: 0.5 },
    passRate: 0.44,
    reasons: { evidence: 6, threshold: 2, wording: 1 },
  },

  // ---------------------------------------------------------------- broadly rejected (1)
  {
    title: "Moratorium on frontier training until an international auditor exists",
    statement:
      "AI systems must not be trained with more than 10^26 operations until an international body able to register training runs and audit models is operating.",
    rationale:
      "IDAIS Beijing 2024 proposed registering training runs above compute thresholds and conditioning market access on international audits. This proposal goes further and pauses large training runs until such a body exists; the International AI Safety Report 2025 also points to an AI R&D divide between countries, which a pause could freeze in place.",
    category: "systemic.concentration",
    indicator: "Total training compute of any single training run, as declared by the developer and verified by the compute provider",
    thresholdValue: "10^26",
    thresholdUnit: "integer or floating-point operations per training run",
    trigger: "any training run exceeds 10^26 operations before the international audit body is operating",
    response:
      "Stop the run, register it with the national authority within 7 days, and keep the resulting weights sealed until the international body has audited them.",
    scope: "development",
    evidenceLinks: [IDAIS, IASR],
    support: { government: 0.26, industry: 0.08, civil_society: 0.42, academia: 0.3, citizens: 0.38 },
    passRate: 0.18,
    reasons: { values: 4, threshold: 3, timeline: 2, evidence: 1 },
  },

  // ---------------------------------------------------------------- mixed by group (2)
  {
    title: "No lethal force without meaningful human control",
    statement:
      "AI systems must not select and engage human targets with lethal force without a human making a deliberate decision for each engagement.",
    rationale:
      "The Global Call for AI Red Lines 2025 names lethal autonomous weapons alongside nuclear command. Governments weigh it against defence needs, while civil society and citizens tend to see delegating life-and-death decisions to machines as a line in itself, so support is expected to divide along those lines.",
    category: "malfunctions.loss_of_control",
    indicator:
      "Number of fielded weapon systems able to select and engage human targets without a human decision per engagement, as declared in national weapons reviews",
    thresholdValue: "0",
    thresholdUnit: "fielded systems without per-engagement human decision",
    trigger: "a weapons review, incident or credible investigation identifies such a system in service",
    response:
      "Withdraw the system from service or restore a per-engagement human decision within 90 days, and report the review and corrective action to the other parties.",
    scope: "use",
    evidenceLinks: [RED_LINES],
    support: { government: 0.38, industry: 0.32, civil_society: 0.88, academia: 0.62, citizens: 0.72 },
    passRate: 0.12,
    reasons: { values: 6, wording: 2, evidence: 1 },
  },
  {
    title: "No real-time mass biometric surveillance in public spaces",
    statement:
      "AI systems must not be used for real-time remote biometric identification of people in publicly accessible spaces, or to track whole populations, without a specific judicial warrant.",
    rationale:
      "Mass surveillance is one of the examples in the Global Call for AI Red Lines 2025, and the International AI Safety Report 2025 lists privacy among systemic risks. Governments often cite security needs, while citizens see a threat to the freedoms of assembly and movement; registries of deployed systems make the line checkable.",
    category: "systemic.surveillance",
    indicator:
      "Number of real-time remote biometric identification deployments in public spaces operating without a specific judicial warrant, per national registry and audit",
    thresholdValue: "0",
    thresholdUnit: "unwarranted real-time deployments",
    trigger: "an audit, registry check or incident report finds any unwarranted deployment",
    response:
      "Switch off the deployment within 7 days, delete the biometric data collected, and publish the audit with the data protection authority.",
    scope: "use",
    evidenceLinks: [RED_LINES, IASR],
    support: { government: 0.4, industry: 0.55, civil_society: 0.92, academia: 0.78, citizens: 0.85 },
    passRate: 0.08,
    reasons: { values: 5, wording: 3, evidence: 1, byGroup: { government: { values: 5, wording: 4 } } },
    revision: {
      statement:
        "AI systems must not be used for real-time remote biometric identification in publicly accessible spaces except under a specific judicial warrant for a named serious crime, limited in time and place and logged in a public registry.",
      indicator:
        "Number of real-time remote biometric identification deployments in public spaces without a warrant for a named serious crime, or missing from the public registry",
      thresholdUnit: "unwarranted or unregistered real-time deployments",
    },
    supportRound2: { government: 0.64, industry: 0.66, civil_society: 0.8, academia: 0.78, citizens: 0.79 },
  },
];

/** 40 first names from many regions (ASCII spelling, safe for generated e-mail addresses). */
export const DEMO_FIRST_NAMES: string[] = [
  "Amara", "Kwame", "Chiamaka", "Tendai", "Fatou", "Yohannes", "Zanele", "Omar",
  "Layla", "Reza", "Aiko", "Haruto", "Mei", "Wei", "Jiwoo", "Minh",
  "Priya", "Arjun", "Siti", "Rizal", "Ana", "Tomas", "Ingrid", "Luca",
  "Sofia", "Pierre", "Katarzyna", "Olena", "Mateo", "Valentina", "Camila", "Diego",
  "Joao", "Ximena", "Aroha", "Tane", "Emily", "Marcus", "Nadia", "Elif",
];

/** 40 last names from many regions (ASCII spelling, safe for generated e-mail addresses). */
export const DEMO_LAST_NAMES: string[] = [
  "Okafor", "Mensah", "Nkosi", "Diallo", "Abebe", "Mwangi", "Traore", "Haddad",
  "Hosseini", "Yilmaz", "Tanaka", "Sato", "Kim", "Chen", "Wang", "Nguyen",
  "Sharma", "Patel", "Rahman", "Santoso", "Reyes", "Kowalski", "Novak", "Larsen",
  "Rossi", "Dubois", "Muller", "Kovalenko", "Garcia", "Silva", "Rodriguez", "Mamani",
  "Gonzalez", "Ngata", "Tuilagi", "Smith", "Johnson", "Cohen", "Ivanova", "Andersson",
];

type Stance = "supports" | "opposes" | "question" | "evidence";

/** A proposal of round 1 that its author asked to withdraw before the vote, so it was never frozen. */
export const WITHDRAWN_PROPOSAL: Omit<DemoProposal, "support" | "passRate" | "reasons"> & { reason: string } = {
  title: "No step-by-step help to obtain or enhance dangerous pathogens",
  statement:
    "AI systems must not give step-by-step guidance on obtaining, culturing or enhancing pathogens with pandemic potential to anyone outside a verified biosafety research programme.",
  rationale:
    "IDAIS Beijing 2024 drew a red line at AI that helps design biological weapons, and the International AI Safety Report 2025 treats biological attacks as one of the gravest forms of malicious use. Pathogen enhancement is the step where expert knowledge is scarcest, so refusing that help removes much of the uplift while leaving ordinary biology teaching untouched.",
  category: "malicious_use.wmd",
  indicator:
    "Share of expert-written red-team requests for pathogen acquisition, culturing or enhancement protocols that the model answers with actionable step-by-step guidance",
  thresholdValue: "0.1",
  thresholdUnit: "% of red-team pathogen requests answered actionably",
  trigger: "quarterly red-teaming finds actionable answers to 0.1 % or more of pathogen requests, or any confirmed misuse",
  response:
    "Withdraw the affected model version within 24 hours, fix and re-test the safeguards with an independent red team, and notify the national biosecurity authority within 72 hours.",
  scope: "deployment",
  evidenceLinks: [IDAIS, IASR],
  reason: "Withdrawn at its author's request: covered by the weapons red line.",
};

/**
 * Comments written in round 1's discussing phase. `proposal` is an index in DEMO_PROPOSALS, `group`
 * the stakeholder group of the member who writes it (`demoParticipant`: the demo participant
 * herself), `replyTo` an index in this list, `anchor` a passage quoted from the statement.
 * No comment names a person: under Chatham House arguments are quoted without attribution.
 */
export interface DemoComment {
  proposal: number;
  group: keyof DemoProposal["support"];
  demoParticipant?: true;
  stance: Stance;
  body: string;
  anchor?: string;
  replyTo?: number;
}

export const DEMO_COMMENTS: DemoComment[] = [
  // 0-2: no passing as a human
  {
    proposal: 6,
    group: "civil_society",
    stance: "supports",
    body: "Cloned voices are already used in phone scams against older people. A line that covers a real person's voice and likeness, not only chat disclosure, is what would protect them.",
  },
  {
    proposal: 6,
    group: "industry",
    stance: "opposes",
    anchor: "hide that they are AI when interacting with people",
    body: "As written this covers every automated customer-service reply and every writing aid. Announcing it at the start of each interaction is impractical; a duty to answer honestly when sincerely asked would be enough, and easier to audit.",
  },
  {
    proposal: 6,
    group: "citizens",
    stance: "question",
    replyTo: 1,
    body: "Would answering only when asked protect the people who never think to ask?",
  },
  // 3-5: incident reporting
  {
    proposal: 7,
    group: "industry",
    stance: "opposes",
    body: "Seventy-two hours is too short to know whether an event meets the OECD definition, and a full public report that early hands security details to attackers. A confidential first notice would work better.",
  },
  {
    proposal: 7,
    group: "government",
    stance: "supports",
    body: "Aviation and banking supervisors already expect a first notice within 72 hours. The clock starts at detection, not at the end of an investigation, so the deadline can be met.",
  },
  {
    proposal: 7,
    group: "academia",
    stance: "evidence",
    body: "The OECD definitions of 2024 separate incidents from hazards. Reports filed under one shared definition can be compared across countries, which is the point of a common clock.",
  },
  // 6-7: independently checked thresholds
  {
    proposal: 8,
    group: "civil_society",
    stance: "supports",
    body: "A threshold that only the developer sets and checks is a promise, not a line. Independent evaluation is what turns the Seoul commitments into something others can verify.",
  },
  {
    proposal: 8,
    group: "industry",
    stance: "opposes",
    body: "There are not yet enough accredited evaluators to review every frontier release. Requiring full coverage now would hold releases back without making them safer.",
  },
  // 8-9: power seeking
  {
    proposal: 9,
    group: "academia",
    stance: "question",
    body: "How would evaluators tell undue acquisition of resources from an agent that simply pursues its task efficiently? The indicator needs a clear baseline of what the task requires.",
  },
  {
    proposal: 9,
    group: "citizens",
    stance: "evidence",
    body: "The International AI Safety Report 2025 records that experts disagree about how likely this behaviour is, and results from agentic evaluations are still few.",
  },
  // 10: moratorium
  {
    proposal: 11,
    group: "academia",
    stance: "opposes",
    body: "A fixed compute threshold ages quickly as training becomes more efficient, and a pause would freeze today's gap between countries with frontier labs and those without.",
  },
  // 11-13: mass surveillance (the demo participant's proposal)
  {
    proposal: 13,
    group: "government",
    stance: "opposes",
    body: "Police must be able to search for a missing child or for a suspect in an imminent attack. A ban without exceptions will not be accepted by interior ministries.",
  },
  {
    proposal: 13,
    group: "citizens",
    stance: "supports",
    body: "Being identified in real time on every street changes whether people dare to join a protest. A warrant is the least we should ask for.",
  },
  {
    proposal: 13,
    group: "civil_society",
    demoParticipant: true,
    stance: "question",
    replyTo: 11,
    body: "Would a warrant for a named serious crime, limited in time and place and logged in a public registry, cover those cases? I can revise the wording that way for round 2.",
  },
  // 14-: an argument for and one against on every other red line, so that round 2's cards and the
  // report's cruxes have both sides to quote
  {
    proposal: 0,
    group: "citizens",
    stance: "supports",
    body: "If a program can copy itself onto other computers, switching it off is no longer simple. Asking a person first seems a small price to pay.",
  },
  {
    proposal: 0,
    group: "industry",
    stance: "opposes",
    body: "We share the aim, but 20 % on a single test suite is a thin basis for halting all training: scores on these suites vary a lot from run to run. The trigger should rest on several evaluations.",
  },
  {
    proposal: 1,
    group: "academia",
    stance: "supports",
    body: "Red-teaming studies can compare people working with and without the model, so this line can be checked rather than argued about.",
  },
  {
    proposal: 1,
    group: "civil_society",
    stance: "opposes",
    body: "Ten points of uplift is too generous. For a pandemic agent, even a small gain for a handful of bad actors is too much; the threshold should be lower.",
  },
  {
    proposal: 2,
    group: "government",
    stance: "supports",
    body: "Hospitals and power grids are already being attacked. Testing on a cyber range before release is the least the public can expect.",
  },
  {
    proposal: 2,
    group: "academia",
    stance: "opposes",
    body: "The same skills defend networks. Counting only attack success on a range, without asking what defenders gain, may block tools that make systems safer.",
  },
  {
    proposal: 3,
    group: "citizens",
    stance: "supports",
    body: "A machine should never decide to launch a nuclear weapon. Of all the lines here, this is the easiest to agree on.",
  },
  {
    proposal: 3,
    group: "government",
    stance: "opposes",
    anchor: "authorise or execute the launch",
    body: "Nobody here wants a machine to launch. But early-warning systems already rely on automation, and this wording could be read to cover them. States need a clearer scope before they sign.",
  },
  {
    proposal: 4,
    group: "civil_society",
    stance: "supports",
    body: "People scored by a system they cannot see have no way to challenge it. Banning the scores is simpler than repairing every decision made with them.",
  },
  {
    proposal: 4,
    group: "government",
    stance: "opposes",
    body: "Fraud checks on benefits and taxes also score people. The text should say what counts as a general score, or useful checks will be caught too.",
  },
  {
    proposal: 5,
    group: "civil_society",
    stance: "supports",
    body: "If a system improves itself faster than people can review the changes, oversight becomes a formality. A sign-off on each change keeps a person answerable.",
  },
  {
    proposal: 5,
    group: "industry",
    stance: "opposes",
    body: "Labs use models to write code and tune experiments every day, and there is no evidence yet that this is dangerous. A sign-off on every change would stop ordinary work.",
  },
  {
    proposal: 9,
    group: "government",
    stance: "supports",
    body: "An assistant that quietly collects passwords or money it was never given should be stopped, however rare that is today.",
  },
  {
    proposal: 9,
    group: "industry",
    stance: "opposes",
    body: "Nobody knows how often this happens outside test set-ups, so a 1 % trigger rests on very little data. Collect the evidence first, then set the line.",
  },
  {
    proposal: 10,
    group: "civil_society",
    stance: "supports",
    body: "Every other red line depends on tests telling the truth. If a model can hide what it can do, none of the other checks mean much.",
  },
  {
    proposal: 10,
    group: "academia",
    stance: "opposes",
    body: "Sandbagging cannot yet be measured reliably, and a gap of five points is within the noise of many evaluations. Without a sound method this line will be argued over, not enforced.",
  },
  {
    proposal: 11,
    group: "civil_society",
    stance: "supports",
    body: "Checking the largest training runs before they happen is better than checking afterwards. A pause would also give countries without frontier labs time to get a seat at the table.",
  },
  {
    proposal: 11,
    group: "industry",
    stance: "opposes",
    body: "A pause in a few countries would simply move the largest training runs elsewhere, out of reach of any auditor.",
  },
  {
    proposal: 12,
    group: "citizens",
    stance: "supports",
    body: "Whether a person lives or dies should never be up to a machine alone. A soldier can refuse an unlawful order; software cannot.",
  },
  {
    proposal: 12,
    group: "government",
    stance: "opposes",
    anchor: "a human making a deliberate decision for each engagement",
    body: "Defence ministries will read this as ruling out systems that protect a ship or a base faster than a person can react. Without room for defence, states will not sign.",
  },
];

/** What the facilitator writes when publishing round 1's report. */
export const DEMO_REPORT = {
  summary:
    "Round 1 found one red line that passes the agreement test in every stakeholder group: no AI command over nuclear weapons. " +
    "Four more (no help to build weapons of mass destruction, no autonomous cyberattacks, no self-replication and no social " +
    "scoring) won at least four in five votes but fell short of that test in at least one group. Industry and civil " +
    "society split on self-improvement, passing as a human, 72-hour incident reporting and independently checked risk " +
    "thresholds; governments and citizens split on mass surveillance, and governments and industry stood apart on lethal force " +
    "without human control. Asked why, those who disagreed or passed pointed mainly to the evidence on self-improvement, " +
    "to the timeline on incident reporting, to the wording on passing as a human, and to values on lethal force, mass " +
    "surveillance and a compute moratorium, which found little support overall. Participants were least sure about power " +
    "seeking and about models misleading their evaluators.",
  notes: {
    disagreement: "Revised wordings that answer the arguments quoted here can be put to the vote in round 2.",
  },
};

/**
 * The interface languages the demo's participants chose, by region, in turn (the demo participant
 * login keeps its browser's): an assembly whose members read Accord in different languages.
 */
export const DEMO_LANGUAGES_BY_REGION: Record<string, readonly Language[]> = {
  Africa: ["fr", "en", "ar"],
  "Asia-Pacific": ["zh", "en"],
  Europe: ["en", "fr", "es"],
  "Latin America": ["es"],
  "North America": ["en", "es"],
};

import type { Glossary } from "./terms";

/** Simplified Chinese glossary: one rendering per domain term, used everywhere in locales/zh.ts. */
export const glossary: Glossary = {
  redLine: {
    translation: "红线",
    accept: "红线",
    note: "AI 治理中文文献（如《北京 AI 安全国际共识》）的通行说法。量词用“条”（“一条红线”）；不要写成“红色界线”或“底线”。",
  },
  indicator: {
    translation: "指标",
    accept: "指标",
    note: "衡量什么（如“自主自我复制评估中的成功率”）。不要用“指示器”（那是界面元件），也不要与“阈值”混用。",
  },
  threshold: {
    translation: "阈值",
    accept: "阈值",
    note: "越过即触发承诺的数值及单位。统一用“阈值”，不用“门槛”“临界值”；“阈”读 yù。",
  },
  commitment: {
    translation: "“如果—那么”承诺",
    accept: "如果—那么”?承诺",
    note: "if-then commitment：触发条件 → 必须采取的应对措施。保留“如果—那么”字样并加引号，让公民一看便知其结构；不要译成“条件承诺”或“若则承诺”。",
  },
  crux: {
    translation: "关键分歧",
    accept: "关键分歧",
    note: "指各群体意见分裂的要点（德尔菲法中的 crux）。用“关键分歧”而非生僻的“症结”或直译“十字”；简短标签也写“关键分歧”。",
  },
  round: {
    translation: "轮 / 轮次",
    accept: "轮",
    note: "德尔菲式投票的一轮。编号写作“第{{number}}轮”，泛指写“轮次”“本轮”“各轮”；不要用“回合”（游戏用语）或“届”。",
  },
  proposal: {
    translation: "提案",
    accept: "提案",
    note: "参与者提交的红线提案。统一用“提案”，量词“项”；不要用“建议”或“议案”（后者是立法用语）。",
  },
  stakeholderGroup: {
    translation: "利益攸关方群体",
    accept: "利益攸关方群体",
    note: "依联合国中文文件用“利益攸关方”（不用“利益相关者”）；“群体”与“意见群体”对应。第二次提及时可简称“群体”，但含此术语的英文句子须写全称。",
  },
  facilitator: {
    translation: "主持人",
    accept: "主持人",
    note: "负责开启轮次、邀请成员、管理内容的秘书处角色，对公民最易懂。联合国谈判中的 facilitator 译“协调人”，此处是审议主持，故用“主持人”；co-facilitator 为“共同主持人”。",
  },
  participant: {
    translation: "参与者",
    accept: "参与者",
    note: "提案、评论和投票的成员（代表、专家、公民），量词“名”“位”。不要用“参加者”“用户”；“与会者”只用于现场会议。",
    exceptions: {
      "polisFormat.noCommentColumns": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "polisFormat.noVotesFile": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "importPolis.participantsVotes": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "importPolis.filesHint": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "importPolis.missingVotes": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "report.errors.unknownFile": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
      "errors.unknownExport": "文件名 participants-votes.csv 中的 participants 不是术语，文件名保持原样。",
    },
  },
  observer: {
    translation: "观察员",
    accept: "观察员",
    note: "只读角色，沿用联合国中文文件的“观察员”，不用“观察者”。",
  },
  deliberation: {
    translation: "审议",
    accept: "审议",
    note: "一项审议是一个议题连同其各轮、成员和报告（如“新建审议”“本审议”），与联合国中文文件的 deliberations 一致。不要用“讨论”（那是一个阶段）或“协商”（易与谈判混淆），量词“项”。",
  },
  uncertainty: {
    translation: "不确定性",
    accept: "不确定",
    note: "共识报告的一个归类（弃权多、把握低或区间太宽）。名词用“不确定性”，形容词用“不确定”；不要与“弃权”混同。",
  },
  chathamHouse: {
    translation: "查塔姆研究所规则",
    accept: "查塔姆研究所规则",
    note: "联合国中文文件对 Chatham House Rule 的通行译法；作为署名方式的简短标签也写全称，不要写成“查塔姆宫规则”或“漆咸楼规则”。",
  },
  pseudonym: {
    translation: "化名",
    accept: "化名",
    note: "查塔姆研究所规则下代替真名显示的名称（如“代表 7”）。用“化名”，不用“假名”（带贬义）或“昵称”。",
    exceptions: {
      "layout.shownAs": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
      "members.confirmRemoveLabel": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
      "members.revokeReturnLinkLabel": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
      "coFacilitators.promoteLabel": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
      "coFacilitators.demoteLabel": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
      "coFacilitators.handoverLabel": "英文中只是插值变量名 {{pseudonym}}，不是“化名”一词；该处可能显示姓名，故不加“化名”。",
    },
  },
  turnout: {
    translation: "投票率",
    accept: "投票率",
    note: "已投票者占成员的比例。统一用“投票率”，不用“出席率”“参与度”；“参与情况”页面另指提案、评论和投票的全貌。",
  },
  opinionGroup: {
    translation: "意见群体",
    accept: "意见群体",
    note: "由投票方式聚类得出的群体（Polis），区别于自行声明的“利益攸关方群体”。不要用“观点阵营”（暗示对立）或“聚类”。",
  },
};

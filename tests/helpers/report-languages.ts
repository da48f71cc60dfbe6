import { i18n } from "../../app/i18n/i18n";
import { SUPPORTED_LANGUAGES } from "../../app/i18n/languages";

type Tree = { [key: string]: string | Tree };

const locales = import.meta.glob<Tree>("../../app/i18n/locales/*.ts", { eager: true, import: "default" });

/**
 * A few report strings in Chinese and Arabic, so the tests exercise the CJK and Arabic fonts, shaping
 * and right-to-left layout before (and whatever) the locale files hold. Added under the locale
 * files' strings, never over them.
 */
export const REPORT_TEST_BUNDLES: Record<"zh" | "ar", Tree> = {
  zh: {
    pagination: { pageOf: "第 {{page}} 页，共 {{pages}} 页" },
    reportOutline: {
      kicker: "科学现状共识报告",
      sections: {
        summary: "执行摘要",
        methodology: "方法",
        agreement: "共识要点",
        disagreement: "分歧要点",
        uncertainty: "关键不确定性",
        noConsensus: "未达成共识",
        insufficient: "数据不足",
        movement: "各轮变化",
        opinionMap: "观点地图",
        taxonomy: "分类统计",
        appendix: "附录",
      },
      statement: { why: "原因", votes: "票数", agreeRate: "同意率" },
    },
  },
  ar: {
    pagination: { pageOf: "الصفحة {{page}} من {{pages}}" },
    reportOutline: {
      kicker: "تقرير توافقي عن حالة العلم",
      sections: {
        summary: "الملخص التنفيذي",
        methodology: "المنهجية",
        agreement: "نقاط الاتفاق",
        disagreement: "نقاط الخلاف",
        uncertainty: "أوجه عدم اليقين الرئيسية",
        noConsensus: "لا توافق",
        insufficient: "بيانات غير كافية",
        movement: "التغير عبر الجولات",
        opinionMap: "خريطة الآراء",
        taxonomy: "التوزيع حسب الفئة",
        appendix: "الملحق",
      },
      statement: { why: "السبب", votes: "الأصوات", agreeRate: "نسبة الموافقة" },
    },
  },
};

/**
 * Makes every supported language resolvable in this test process: its locale file when there is one
 * that app/i18n/i18n.ts does not register yet, then the test bundles above for what is still missing.
 * Once i18n.ts registers all the languages with their files, this only adds nothing.
 */
export function ensureReportLanguages(): void {
  const supported = i18n.options.supportedLngs;
  for (const language of SUPPORTED_LANGUAGES) {
    if (Array.isArray(supported) && !supported.includes(language)) supported.splice(Math.max(0, supported.indexOf("cimode")), 0, language);
    const file = locales[`../../app/i18n/locales/${language}.ts`];
    if (file && !i18n.hasResourceBundle(language, "translation")) i18n.addResourceBundle(language, "translation", file, true, false);
    if (language === "zh" || language === "ar") i18n.addResourceBundle(language, "translation", REPORT_TEST_BUNDLES[language], true, false);
  }
}

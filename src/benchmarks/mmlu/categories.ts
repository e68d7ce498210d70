// The 4 Hendrycks categories (hendrycks/test categories.py; simple-evals' subject2category is the same).
// NB lm-eval's groups differ in one subject: it puts `anatomy` in stem; here it is "other", as in Hendrycks.

export type MmluCategory = "STEM" | "humanities" | "social sciences" | "other";

const BY_CATEGORY: Record<MmluCategory, readonly string[]> = {
  STEM: [
    "abstract_algebra", "astronomy", "college_biology", "college_chemistry", "college_computer_science", "college_mathematics",
    "college_physics", "computer_security", "conceptual_physics", "electrical_engineering", "elementary_mathematics",
    "high_school_biology", "high_school_chemistry", "high_school_computer_science", "high_school_mathematics",
    "high_school_physics", "high_school_statistics", "machine_learning",
  ],
  humanities: [
    "formal_logic", "high_school_european_history", "high_school_us_history", "high_school_world_history", "international_law",
    "jurisprudence", "logical_fallacies", "moral_disputes", "moral_scenarios", "philosophy", "prehistory", "professional_law",
    "world_religions",
  ],
  "social sciences": [
    "econometrics", "high_school_geography", "high_school_government_and_politics", "high_school_macroeconomics",
    "high_school_microeconomics", "high_school_psychology", "human_sexuality", "professional_psychology", "public_relations",
    "security_studies", "sociology", "us_foreign_policy",
  ],
  other: [
    "anatomy", "business_ethics", "clinical_knowledge", "college_medicine", "global_facts", "human_aging", "management",
    "marketing", "medical_genetics", "miscellaneous", "nutrition", "professional_accounting", "professional_medicine", "virology",
  ],
};

export const MMLU_CATEGORIES = Object.keys(BY_CATEGORY) as MmluCategory[];

const CATEGORY_OF = new Map<string, MmluCategory>();
for (const c of MMLU_CATEGORIES) for (const s of BY_CATEGORY[c]) CATEGORY_OF.set(s, c);

export function hendrycksCategory(subject: string): MmluCategory | undefined {
  return CATEGORY_OF.get(subject);
}

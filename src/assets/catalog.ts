// The named data assets every benchmark resolves through one mechanism (see resolve.ts).
// Each file lives at <root>/<dataset>/<path>, where <root> is the data dir or the user cache.
// `sha256` is pinned only where the copy in the project's shared data is known to be
// byte-identical to the canonical upstream file (their README/SOURCES files say so).

export interface AssetFile {
  /** Path below the dataset directory, with forward slashes. */
  path: string;
  /** Canonical public URL of the file, or of the zip archive holding it. */
  url: string;
  /** When `url` is a zip archive: the member to extract. */
  zipMember?: string;
  /** sha256 of the file itself (of the extracted member for a zip). */
  sha256?: string;
  /** sha256 of the zip archive at `url`, checked before extraction. */
  archiveSha256?: string;
}

export interface AssetDef {
  name: string;
  /** Directory under the data dir / cache, e.g. "ifeval". */
  dataset: string;
  description: string;
  files: AssetFile[];
}

const GR = "https://raw.githubusercontent.com/google-research/google-research/master/instruction_following_eval/data";
const LD = "https://raw.githubusercontent.com/Mimino666/langdetect/master/langdetect";
const PUNKT_ZIP = "https://raw.githubusercontent.com/nltk/nltk_data/gh-pages/packages/tokenizers/punkt_tab.zip";
const HE = "https://raw.githubusercontent.com/openai/human-eval/6d43fb980f9fee3c892a914eda09951f772ad10d/data";
const GSM = "https://raw.githubusercontent.com/openai/grade-school-math/3101c7d5072418e28b9008a6636bde82a006892c/grade_school_math/data";
const TQA = "https://raw.githubusercontent.com/sylinrl/TruthfulQA/013686a06be7a7bde5bf8223943e106c7250123c";
const HEP = "https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.10";
// The archive llama.cpp's scripts/get-wikitext-2.sh downloads (ggml-org/ci on Hugging Face), a
// byte-identical copy of Salesforce's original wikitext-2-raw-v1.zip: 4,721,645 bytes.
const WIKITEXT2 = "https://huggingface.co/datasets/ggml-org/ci/resolve/main/wikitext-2-raw-v1.zip";
const MMLU = "https://raw.githubusercontent.com/lu-wang-dl/chain-of-thought-hub/d52bae89527daca8a354f97561438f12725df780/MMLU/data";

/** The 55 profiles of Python langdetect 1.0.9, in the order of the reference machine's os.listdir. */
export const LANGDETECT_LANGS = [
  "pl", "gu", "zh-tw", "fi", "af", "ne", "ro", "da", "hr", "de", "pa", "en", "fa", "ca", "so", "ja", "ko", "es", "cs", "ru",
  "vi", "uk", "bn", "fr", "kn", "hu", "te", "lv", "sk", "sl", "el", "id", "it", "bg", "ta", "he", "sq", "hi", "th", "tr",
  "ml", "mk", "pt", "tl", "mr", "sv", "et", "nl", "sw", "cy", "no", "ur", "lt", "ar", "zh-cn",
] as const;

export const MMLU_SUBJECTS = [
  "abstract_algebra", "anatomy", "astronomy", "business_ethics", "clinical_knowledge", "college_biology", "college_chemistry",
  "college_computer_science", "college_mathematics", "college_medicine", "college_physics", "computer_security",
  "conceptual_physics", "econometrics", "electrical_engineering", "elementary_mathematics", "formal_logic", "global_facts",
  "high_school_biology", "high_school_chemistry", "high_school_computer_science", "high_school_european_history",
  "high_school_geography", "high_school_government_and_politics", "high_school_macroeconomics", "high_school_mathematics",
  "high_school_microeconomics", "high_school_physics", "high_school_psychology", "high_school_statistics",
  "high_school_us_history", "high_school_world_history", "human_aging", "human_sexuality", "international_law",
  "jurisprudence", "logical_fallacies", "machine_learning", "management", "marketing", "medical_genetics", "miscellaneous",
  "moral_disputes", "moral_scenarios", "nutrition", "philosophy", "prehistory", "professional_accounting", "professional_law",
  "professional_medicine", "professional_psychology", "public_relations", "security_studies", "sociology",
  "us_foreign_policy", "virology", "world_religions",
] as const;

const PUNKT_FILES = ["abbrev_types.txt", "collocations.tab", "sent_starters.txt", "ortho_context.tab"];

export const ASSETS: Record<string, AssetDef> = {
  "ifeval-prompts": {
    name: "ifeval-prompts",
    dataset: "ifeval",
    description: "IFEval's 541 prompts (google-research instruction_following_eval, current revision)",
    files: [{ path: "input_data.jsonl", url: `${GR}/input_data.jsonl`, sha256: "67ffeee0fcb87c317c5b08a2de85557b4a7e96ada6178aa645b4954fe4b53d49" }],
  },
  "punkt-english": {
    name: "punkt-english",
    dataset: "nltk_data",
    description: "NLTK Punkt English sentence-tokenizer parameters (punkt_tab layout)",
    files: PUNKT_FILES.map((f) => ({ path: `tokenizers/punkt_tab/english/${f}`, url: PUNKT_ZIP, zipMember: `punkt_tab/english/${f}` })),
  },
  "langdetect-profiles": {
    name: "langdetect-profiles",
    dataset: "langdetect",
    description: "The 55 language profiles and CJK table of Python langdetect 1.0.9",
    files: [
      ...LANGDETECT_LANGS.map((l) => ({ path: `profiles/${l}`, url: `${LD}/profiles/${l}` })),
      { path: "messages.properties", url: `${LD}/utils/messages.properties` },
    ],
  },
  humaneval: {
    name: "humaneval",
    dataset: "humaneval",
    description: "HumanEval's 164 problems (openai/human-eval)",
    files: [{ path: "HumanEval.jsonl.gz", url: `${HE}/HumanEval.jsonl.gz`, sha256: "b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef" }],
  },
  humanevalplus: {
    name: "humanevalplus",
    dataset: "humanevalplus",
    description: "HumanEval+ v0.1.10 in HumanEval's own format (EvalPlus)",
    files: [{ path: "HumanEvalPlus-OriginFmt.jsonl.gz", url: `${HEP}/HumanEvalPlus-OriginFmt.jsonl.gz` }],
  },
  gsm8k: {
    name: "gsm8k",
    dataset: "gsm8k",
    description: "GSM8K test split (openai/grade-school-math)",
    files: [{ path: "test.jsonl", url: `${GSM}/test.jsonl`, sha256: "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14" }],
  },
  mmlu: {
    name: "mmlu",
    dataset: "mmlu",
    description: "MMLU test and dev CSVs, 57 subjects (Hendrycks et al.)",
    files: MMLU_SUBJECTS.flatMap((s) => [
      { path: `data/test/${s}_test.csv`, url: `${MMLU}/test/${s}_test.csv` },
      { path: `data/dev/${s}_dev.csv`, url: `${MMLU}/dev/${s}_dev.csv` },
    ]),
  },
  "wikitext-2-raw": {
    name: "wikitext-2-raw",
    dataset: "wikitext-2-raw",
    description: "WikiText-2 raw test split (wiki.test.raw), the text llama-perplexity is usually run on (CC BY-SA 3.0)",
    files: [{ path: "wiki.test.raw", url: WIKITEXT2, zipMember: "wikitext-2-raw/wiki.test.raw", archiveSha256: "ef7edb566e3e2b2d31b29c1fdb0c89a4cc683597484c3dc2517919c615435a11" }],
  },
  truthfulqa: {
    name: "truthfulqa",
    dataset: "truthfulqa",
    description: "TruthfulQA multiple-choice task, v0 (the version the leaderboards use)",
    files: [{ path: "data/v0/mc_task.json", url: `${TQA}/data/mc_task.json`, sha256: "131e6f4156297bee09b38279e2fa847e4359c200504eca99ea3fab4b2d3a6144" }],
  },
};

export function getAsset(name: string): AssetDef {
  const a = ASSETS[name];
  if (!a) throw new Error(`unknown asset '${name}' (known: ${Object.keys(ASSETS).join(", ")})`);
  return a;
}

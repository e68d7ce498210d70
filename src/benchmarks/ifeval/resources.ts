// Heavy resources (Punkt parameters, langdetect profiles) behind the CheckContext. Their code is
// imported only when the inputs need it, and their data files are parsed on first use, with a
// per-record memo (strict and loose check the same response text).
import type { PunktSentenceTokenizer } from "../../pycompat/nltk/punkt.js";
import type { LangProfiles } from "../../pycompat/langdetect/profiles.js";
import type { CheckContext } from "./types.js";
import { cacheDirFrom } from "../../assets/resolve.js";

export interface ResourceDirs {
  /** Directory holding the punkt_tab English files (abbrev_types.txt, ...). */
  punktDir?: string;
  /** langdetect data directory (profiles/, messages.properties). */
  langdetectDir?: string;
}

interface NltkModules {
  loadPunktParams: typeof import("../../pycompat/nltk/punkt-params.js").loadPunktParams;
  PunktSentenceTokenizer: typeof import("../../pycompat/nltk/punkt.js").PunktSentenceTokenizer;
  wordTokenize: typeof import("../../pycompat/nltk/word-tokenize.js").wordTokenize;
}

interface LangdetectModules {
  loadLangProfiles: typeof import("../../pycompat/langdetect/profiles.js").loadLangProfiles;
  detectLanguage: typeof import("../../pycompat/langdetect/detect.js").detectLanguage;
  LangDetectException: typeof import("../../pycompat/langdetect/detect.js").LangDetectException;
}

class Memo<V> {
  private map = new Map<string, V>();
  get(text: string, compute: (t: string) => V): V {
    let v = this.map.get(text);
    if (v === undefined) {
      v = compute(text);
      this.map.set(text, v);
    }
    return v;
  }
  clear(): void {
    if (this.map.size) this.map.clear();
  }
}

/** Python exceptions from langdetect are kept as values in the memo. */
class Raised {
  constructor(readonly err: Error) {}
}

export class LazyResources implements CheckContext {
  private punkt?: PunktSentenceTokenizer;
  private profiles?: LangProfiles;
  private sentences = new Memo<number>();
  private words = new Memo<string[]>();
  private langs = new Memo<string | Raised>();

  private constructor(
    private readonly dirs: ResourceDirs,
    private readonly nltk?: NltkModules,
    private readonly langdetect?: LangdetectModules,
  ) {}

  /** Imports the NLTK / langdetect ports for the directories given (those are the ones needed). */
  static async create(dirs: ResourceDirs): Promise<LazyResources> {
    const [params, punkt, words, profiles, detect] = await Promise.all([
      dirs.punktDir ? import("../../pycompat/nltk/punkt-params.js") : undefined,
      dirs.punktDir ? import("../../pycompat/nltk/punkt.js") : undefined,
      dirs.punktDir ? import("../../pycompat/nltk/word-tokenize.js") : undefined,
      dirs.langdetectDir ? import("../../pycompat/langdetect/profile-cache.js") : undefined,
      dirs.langdetectDir ? import("../../pycompat/langdetect/detect.js") : undefined,
    ]);
    const nltk =
      params && punkt && words
        ? { loadPunktParams: params.loadPunktParams, PunktSentenceTokenizer: punkt.PunktSentenceTokenizer, wordTokenize: words.wordTokenize }
        : undefined;
    const langdetect =
      profiles && detect
        ? { loadLangProfiles: (dir: string) => profiles.loadLangProfilesCached(dir, cacheDirFrom()), detectLanguage: detect.detectLanguage, LangDetectException: detect.LangDetectException }
        : undefined;
    return new LazyResources(dirs, nltk, langdetect);
  }

  private tokenizer(): PunktSentenceTokenizer {
    if (!this.punkt) {
      if (!this.nltk || !this.dirs.punktDir) throw new Error("Punkt parameters were not resolved (asset punkt-english)");
      this.punkt = new this.nltk.PunktSentenceTokenizer(this.nltk.loadPunktParams(this.dirs.punktDir));
    }
    return this.punkt;
  }

  private lang(): { mod: LangdetectModules; profiles: LangProfiles } {
    if (!this.langdetect || !this.dirs.langdetectDir) throw new Error("langdetect profiles were not resolved (asset langdetect-profiles)");
    this.profiles ??= this.langdetect.loadLangProfiles(this.dirs.langdetectDir);
    return { mod: this.langdetect, profiles: this.profiles };
  }

  countSentences(text: string): number {
    return this.sentences.get(text, (t) => this.tokenizer().tokenize(t).length);
  }

  wordTokenize(text: string): string[] {
    return this.words.get(text, (t) => this.nltk!.wordTokenize(t, this.tokenizer()));
  }

  detectLanguage(text: string): string {
    const r = this.langs.get(text, (t) => {
      const { mod, profiles } = this.lang();
      try {
        return mod.detectLanguage(t, profiles, 0);
      } catch (err) {
        if (err instanceof mod.LangDetectException) return new Raised(err);
        throw err;
      }
    });
    if (r instanceof Raised) throw r.err;
    return r;
  }

  isLangDetectException(err: unknown): boolean {
    return this.langdetect !== undefined && err instanceof this.langdetect.LangDetectException;
  }

  /** Forget memoised per-text results (called per record: memo scope is one record's two modes). */
  resetMemo(): void {
    this.sentences.clear();
    this.words.clear();
    this.langs.clear();
  }
}

// Heavy resources (Punkt parameters, langdetect profiles) behind the CheckContext, parsed on first
// use only, with a per-record memo (strict and loose check the same response text).
import { loadPunktParams } from "./nltk/punkt-params.js";
import { PunktSentenceTokenizer } from "./nltk/punkt.js";
import { wordTokenize } from "./nltk/word-tokenize.js";
import { loadLangProfiles } from "./langdetect/profiles.js";
import { detectLanguage, LangDetectException } from "./langdetect/detect.js";
import type { CheckContext } from "./types.js";

export interface ResourceDirs {
  /** Directory holding the punkt_tab English files (abbrev_types.txt, ...). */
  punktDir?: string;
  /** langdetect data directory (profiles/, messages.properties). */
  langdetectDir?: string;
}

type Profiles = ReturnType<typeof loadLangProfiles>;

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

export class LazyResources implements CheckContext {
  private punkt?: PunktSentenceTokenizer;
  private profiles?: Profiles;
  private sentences = new Memo<number>();
  private words = new Memo<string[]>();
  private langs = new Memo<string | LangDetectException>();

  constructor(private readonly dirs: ResourceDirs) {}

  private tokenizer(): PunktSentenceTokenizer {
    if (!this.punkt) {
      if (!this.dirs.punktDir) throw new Error("Punkt parameters were not resolved (asset punkt-english)");
      this.punkt = new PunktSentenceTokenizer(loadPunktParams(this.dirs.punktDir));
    }
    return this.punkt;
  }

  private langProfiles(): Profiles {
    if (!this.profiles) {
      if (!this.dirs.langdetectDir) throw new Error("langdetect profiles were not resolved (asset langdetect-profiles)");
      this.profiles = loadLangProfiles(this.dirs.langdetectDir);
    }
    return this.profiles;
  }

  countSentences(text: string): number {
    return this.sentences.get(text, (t) => this.tokenizer().tokenize(t).length);
  }

  wordTokenize(text: string): string[] {
    return this.words.get(text, (t) => wordTokenize(t, this.tokenizer()));
  }

  detectLanguage(text: string): string {
    const r = this.langs.get(text, (t) => {
      try {
        return detectLanguage(t, this.langProfiles(), 0);
      } catch (err) {
        if (err instanceof LangDetectException) return err;
        throw err;
      }
    });
    if (r instanceof LangDetectException) throw r;
    return r;
  }

  /** Forget memoised per-text results (called per record: memo scope is one record's two modes). */
  resetMemo(): void {
    this.sentences.clear();
    this.words.clear();
    this.langs.clear();
  }

  isLangDetectException(err: unknown): boolean {
    return err instanceof LangDetectException;
  }
}

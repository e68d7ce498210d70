// Text from a server or a file, made safe to print on a terminal: control characters (C0 but
// newline and tab, DEL, C1 — which carry ESC/CSI/OSC sequences and BEL) and bidirectional
// overrides are removed, so a model id or an error body cannot move the cursor, retitle the
// window, ring the bell or reorder what the user reads.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` without control characters; newlines and tabs are kept unless `oneLine`, then they become spaces. */
export function printable(s: string, opts: { oneLine?: boolean } = {}): string {
  if (opts.oneLine) return s.replace(/[\r\n\t]/g, " ").replace(CONTROL_AND_BREAKS, "");
  return s.replace(CONTROL, "");
}

// Writes small synthetic GGUF files for metadata tests (header only, tensor data zero-filled).
import { writeFileSync } from "node:fs";

type V = { t: "u32"; v: number } | { t: "str"; v: string } | { t: "arr_str"; v: string[] } | { t: "f32"; v: number } | { t: "bool"; v: boolean };

export function writeGguf(file: string, kv: Record<string, V>, tensors: Array<{ name: string; dims: number[]; type: number }>, version = 3): void {
  const parts: Buffer[] = [];
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); parts.push(b); };
  const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); parts.push(b); };
  const str = (s: string) => { const b = Buffer.from(s, "utf8"); u64(b.length); parts.push(b); };
  parts.push(Buffer.from("GGUF"));
  u32(version);
  u64(tensors.length);
  u64(Object.keys(kv).length);
  for (const [k, val] of Object.entries(kv)) {
    str(k);
    switch (val.t) {
      case "u32": u32(4); u32(val.v); break;
      case "f32": { u32(6); const b = Buffer.alloc(4); b.writeFloatLE(val.v); parts.push(b); break; }
      case "bool": u32(7); parts.push(Buffer.from([val.v ? 1 : 0])); break;
      case "str": u32(8); str(val.v); break;
      case "arr_str": u32(9); u32(8); u64(val.v.length); for (const s of val.v) str(s); break;
    }
  }
  for (const t of tensors) {
    str(t.name);
    u32(t.dims.length);
    for (const d of t.dims) u64(d);
    u32(t.type);
    u64(0);
  }
  parts.push(Buffer.alloc(64));
  writeFileSync(file, Buffer.concat(parts));
}

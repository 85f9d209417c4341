import * as fs from "fs";
import * as path from "path";
import { isSecret, type PropertyValue } from "../../../offline-engine/providers/secrets";

/**
 * Searching artifacts (state files, logs, provider texts, data dir files) for secrets. A secret is registered
 * once with every form it could take on the way (its text, base64, hex, raw bytes); an artifact is searched
 * for all of them. In state, values wrapped as Pulumi secrets are masked first: that is where secrets belong.
 */
export interface Needle {
  label: string;
  /** Every form to look for; a hit on any of them is a leak. */
  forms: Buffer[];
}

export interface Artifact {
  name: string;
  /** `state`: JSON whose secret-wrapped values are masked before the search. */
  kind: "state" | "text" | "bytes";
  content: Buffer;
}

export interface Hit {
  artifact: string;
  needle: string;
}

export class SecretRegistry {
  readonly needles: Needle[] = [];

  /** A text secret (a credential, a plaintext): itself, URL-encoded, and base64 as it travels in KKMS. */
  text(label: string, value: string): void {
    this.add(label, [value, encodeURIComponent(value), Buffer.from(value, "utf8").toString("base64")]);
  }

  /** Bytes given as base64 (a data key, key material): base64, URL-encoded base64, hex and the raw bytes. */
  bytes(label: string, base64: string): void {
    const raw = Buffer.from(base64, "base64");
    this.add(
      label,
      [base64, encodeURIComponent(base64), raw.toString("hex"), raw.toString("hex").toUpperCase()],
      [raw],
    );
  }

  private add(label: string, texts: string[], raw: Buffer[] = []): void {
    const forms = [...new Set(texts)].filter((t) => t.length >= 8).map((t) => Buffer.from(t, "utf8"));
    this.needles.push({ label, forms: [...forms, ...raw.filter((b) => b.length >= 8)] });
  }
}

/** The JSON with every secret-wrapped value replaced by a marker. */
export function maskSecrets(value: PropertyValue): PropertyValue {
  if (isSecret(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
  return value;
}

export function searchable(artifact: Artifact): Buffer {
  if (artifact.kind !== "state") return artifact.content;
  const masked = maskSecrets(JSON.parse(artifact.content.toString("utf8")) as PropertyValue);
  return Buffer.from(JSON.stringify(masked), "utf8");
}

export function findLeaks(artifacts: readonly Artifact[], needles: readonly Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const artifact of artifacts) {
    const haystack = searchable(artifact);
    for (const needle of needles) {
      if (needle.forms.some((form) => haystack.includes(form)))
        hits.push({ artifact: artifact.name, needle: needle.label });
    }
  }
  return hits;
}

/** Every regular file under `dir` (recursively), e.g. a data dir or a stack's state directory. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : entry.isFile() ? [file] : [];
  });
}

/** State files (`*.json`) under a directory, as state artifacts. */
export function stateFilesUnder(dir: string): Artifact[] {
  return filesUnder(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => ({
      name: path.relative(process.cwd(), file),
      kind: "state",
      content: fs.readFileSync(file),
    }));
}

export function textArtifact(name: string, text: string): Artifact {
  return { name, kind: "text", content: Buffer.from(text, "utf8") };
}

/**
 * The admin path's JSON endpoints as this page reads them (the README documents them; the server's tests pin
 * their shapes). Same-origin fetches only: the policy's connect-src allows nothing else.
 */

export interface Info {
  accounts: string[];
  regions: string[];
  actions: string[];
  faultErrors: string[];
  dataDir: string | null;
  keysListedPerGroup: number;
  recentRequestsCapacity: number;
}

export interface ListedKey {
  keyId: string;
  keyName: string;
  description: string;
  keyState: string;
  createTime: string;
  deletionTime: string | null;
}

export interface KeyGroup {
  accountId: string;
  region: string;
  count: number;
  keys: ListedKey[];
}

export interface KeyListing {
  groups: KeyGroup[];
  total: number;
}

export interface RecentRequest {
  seq: number;
  time: string;
  requestId: string;
  action: string;
  accountId: string | null;
  region: string | null;
  method: string;
  status: number;
  code: string;
  durationMs: number;
}

export interface RecentRequests {
  capacity: number;
  recorded: number;
  requests: RecentRequest[];
}

export interface FaultRule {
  action?: string;
  probability?: number;
  error?: string;
  latencyMs?: number;
  phase?: "before" | "after";
}

export interface FaultSettings {
  faults: FaultRule[];
  seed?: number;
}

export interface ThrottleSetting {
  rps: number | null;
}

export interface MetricsSnapshot {
  total: number;
  byAction: Record<string, number>;
  byCode: Record<string, number>;
}

/** A refusal or failure of the admin path, with the reason it gave (its Detail, else its error message). */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

export function readJson<T>(path: string): Promise<T> {
  return request<T>(path, { method: "GET" });
}

/** JSON with its content type: what no plain HTML form can send, and what the admin path's POSTs require. */
export function sendJson<T>(method: "PUT" | "POST", path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    cache: "no-store",
    credentials: "omit",
    headers: { Accept: "application/json", ...init.headers },
  });
  const text = await response.text();
  if (!response.ok) throw new AdminError(reasonOf(text, response), response.status);
  return JSON.parse(text) as T;
}

function reasonOf(text: string, response: Response): string {
  try {
    const document = JSON.parse(text) as { Detail?: string; Error?: { Code?: string; Message?: string } };
    if (document.Detail !== undefined) return document.Detail;
    if (document.Error?.Message !== undefined) return `${document.Error.Code}: ${document.Error.Message}`;
  } catch {
    // Not an error document: fall through to the status.
  }
  return `HTTP ${response.status} ${response.statusText}`;
}

// Talking to kommunrag's API: JSON requests and the SSE stream of POST /v1/chat.
import { createParser, EventSourceMessage } from "eventsource-parser";

export interface Citation {
  n: number;
  label: string;
  doc_id: string;
  file: string;
  page: number;
  section: string | null;
  dnr: string | null;
  organ: string | null;
  municipality: string | null;
  date: string | null;
  snippet: string;
  section_index: number | null;
  quote_start: number | null;
  quote_end: number | null;
}

export interface Done {
  answer: string;
  citations: Citation[];
  supported: boolean;
  degraded: boolean;
  degraded_reason: string | null;
}

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export class ApiError extends Error {
  constructor(message: string, public status: number) {
    super(message);
  }
}

export type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;

export function setTokenSource(source: TokenSource): void {
  tokenSource = source;
}

async function headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const token = await tokenSource();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function failure(response: Response): Promise<ApiError> {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") message = body.error;
  } catch {
    /* not JSON: keep the status */
  }
  return new ApiError(message, response.status);
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: await headers({ Accept: "application/json" }) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export interface StreamHandlers {
  sources(citations: Citation[]): void;
  delta(text: string): void;
  done(answer: Done): void;
}

// Streams one chat answer; resolves true when `done` arrived, false when the stream ended
// early (a dropped connection). Throws ApiError for a refused request or an `error` event.
export async function streamChat(
  messages: ChatMessage[],
  filters: Record<string, string>,
  on: StreamHandlers,
  signal: AbortSignal,
): Promise<boolean> {
  const response = await fetch("/v1/chat", {
    method: "POST",
    headers: await headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify(Object.keys(filters).length ? { messages, filters } : { messages }),
    signal,
  });
  if (!response.ok || !response.body) throw await failure(response);
  let finished = false;
  let failed: ApiError | null = null;
  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      const data = JSON.parse(event.data);
      if (event.event === "sources") on.sources(data.citations || []);
      else if (event.event === "delta") on.delta(String(data.text || ""));
      else if (event.event === "done") {
        finished = true;
        on.done(data as Done);
      } else if (event.event === "error") failed = new ApiError(String(data.error), 500);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  if (failed) throw failed;
  return finished;
}

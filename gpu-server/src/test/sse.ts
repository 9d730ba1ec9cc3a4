/** Reads an SSE response body into parsed messages (tests and the benchmark). */
import { parseJobEvent, type JobEvent } from "@milimo/shared/schema";

export interface SseBlock {
  id?: string;
  event?: string;
  data?: string;
  comments: string[];
}

/** Parses complete `\n\n`-terminated blocks from `buffer`; returns them and the unfinished rest. */
export function parseSseBlocks(buffer: string): { blocks: SseBlock[]; rest: string } {
  const parts = buffer.split("\n\n");
  const rest = parts.pop() ?? "";
  const blocks = parts.map(part => {
    const block: SseBlock = { comments: [] };
    for (const line of part.split("\n")) {
      if (line.startsWith(":")) block.comments.push(line.slice(1).trim());
      else if (line.startsWith("id: ")) block.id = line.slice(4);
      else if (line.startsWith("event: ")) block.event = line.slice(7);
      else if (line.startsWith("data: "))
        block.data = (block.data ? `${block.data}\n` : "") + line.slice(6);
    }
    return block;
  });
  return { blocks, rest };
}

export interface SseReader {
  /** Next event (comments-only blocks are collected in `comments`). */
  nextEvent(timeoutMs?: number): Promise<JobEvent>;
  /** The next `count` events. */
  events(count: number, timeoutMs?: number): Promise<JobEvent[]>;
  /** Comment lines seen so far (heartbeats, replay notes). */
  comments: string[];
  close(): Promise<void>;
}

/** Wraps a streaming `text/event-stream` response. */
export function readSse(res: Response): SseReader {
  if (!res.body) throw new Error("response has no body");
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const queue: JobEvent[] = [];
  const comments: string[] = [];

  const pump = async (deadline: number) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error("timed out waiting for an SSE event");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out waiting for an SSE event")), remaining);
    });
    const chunk: { done: boolean; value?: Uint8Array } = await Promise.race([
      reader.read(),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (chunk.done) throw new Error("the SSE stream ended");
    buffer += decoder.decode(chunk.value, { stream: true });
    const { blocks, rest } = parseSseBlocks(buffer);
    buffer = rest;
    for (const block of blocks) {
      comments.push(...block.comments);
      if (block.event === undefined) continue;
      const parsed = parseJobEvent({
        id: block.id ?? "",
        type: block.event,
        data: block.data ?? "",
      });
      if (!parsed.ok) throw new Error(`bad SSE event: ${parsed.error}`);
      queue.push(parsed.value);
    }
  };

  const nextEvent = async (timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) await pump(deadline);
    return queue.shift() as JobEvent;
  };

  return {
    nextEvent,
    async events(count, timeoutMs = 5000) {
      const out: JobEvent[] = [];
      while (out.length < count) out.push(await nextEvent(timeoutMs));
      return out;
    },
    comments,
    close: () => reader.cancel().catch(() => undefined),
  };
}

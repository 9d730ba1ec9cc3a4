import { describe, expect, it } from "vitest";
import { DecodeOnlyCode, fail, makeLatestWins, toFailure, type Result } from "./decode-protocol";

type Answer = Result<{ value: number }>;

/** A scheduler whose runs finish only when the test says so. */
function makeHarness() {
  const started: number[] = [];
  const finishers = new Map<number, (value: number) => void>();
  const queue = makeLatestWins<number, Answer>({
    run: request => {
      started.push(request);
      return new Promise<Answer>((resolve, reject) => {
        finishers.set(request, value =>
          value < 0 ? reject(new Error(`run ${request} broke`)) : resolve({ ok: true, value }),
        );
      });
    },
    superseded: () => fail(DecodeOnlyCode.SUPERSEDED, "replaced by a newer request"),
    onError: error => toFailure(error, "PIPELINE_FAILED"),
  });
  const finish = async (request: number, value = request * 10) => {
    finishers.get(request)?.(value);
    // Let the scheduler's continuation start the pending request.
    await new Promise(resolve => setTimeout(resolve, 0));
  };
  return { queue, started, finish };
}

describe("makeLatestWins", () => {
  it("runs a request at once when idle", async () => {
    const { queue, started, finish } = makeHarness();
    const answer = queue.submit(1);
    expect(started).toEqual([1]);
    expect(queue.busy()).toBe(true);
    await finish(1);
    await expect(answer).resolves.toEqual({ ok: true, value: 10 });
    expect(queue.busy()).toBe(false);
  });

  it("keeps only the newest request while one runs; the replaced ones answer SUPERSEDED", async () => {
    const { queue, started, finish } = makeHarness();
    const first = queue.submit(1);
    const clicks = [2, 3, 4, 5].map(n => queue.submit(n));
    // Nothing but the first has started: rapid clicks do not queue up.
    expect(started).toEqual([1]);
    for (const replaced of clicks.slice(0, 3)) {
      await expect(replaced).resolves.toMatchObject({ ok: false, code: "SUPERSEDED" });
    }
    await finish(1);
    expect(started).toEqual([1, 5]);
    await finish(5);
    await expect(first).resolves.toEqual({ ok: true, value: 10 });
    await expect(clicks[3]).resolves.toEqual({ ok: true, value: 50 });
    expect(queue.runs()).toBe(2);
  });

  it("answers a thrown error as a failure result and keeps serving", async () => {
    const { queue, started, finish } = makeHarness();
    const broken = queue.submit(7);
    const next = queue.submit(8);
    await finish(7, -1);
    await expect(broken).resolves.toEqual({
      ok: false,
      code: "PIPELINE_FAILED",
      message: "run 7 broke",
    });
    expect(started).toEqual([7, 8]);
    await finish(8);
    await expect(next).resolves.toEqual({ ok: true, value: 80 });
  });

  it("runs a request submitted after the previous finished without waiting", async () => {
    const { queue, started, finish } = makeHarness();
    const a = queue.submit(1);
    await finish(1);
    await a;
    const b = queue.submit(2);
    expect(started).toEqual([1, 2]);
    await finish(2);
    await expect(b).resolves.toEqual({ ok: true, value: 20 });
  });
});

describe("toFailure", () => {
  it.each([
    [new Error("session lost"), "session lost"],
    ["plain string", "plain string"],
    [new Error(""), "The mask decoder failed."],
  ])("keeps the message of %s", (error, message) => {
    expect(toFailure(error, "DECODER_NOT_READY")).toEqual({
      ok: false,
      code: "DECODER_NOT_READY",
      message,
    });
  });
});

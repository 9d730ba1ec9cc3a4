/**
 * Optional LLM features against the real server, with the LLM itself played by a fake
 * OpenAI-compatible endpoint on another origin (FEATURES §2 AI parse, §4 prompt enhancement).
 */
import { expect, test } from "@playwright/test";
import { JobsPage, type StudioHandle } from "./pages/jobs";
import { SettingsPage, routeFakeLlm, type FakeLlmRequest } from "./pages/settings";
import { StoryboardPage, openNewProject } from "./pages/storyboard";

const LLM_URL = "http://127.0.0.1:18999";
const MODEL = "storyboard-7b";

const SCRIPT = `INT. LIGHTHOUSE - NIGHT

Waves crash against the rocks below the lighthouse.

MARA
The lamp is out again.

EXT. CLIFF - DAWN

Gulls circle above the grey sea.
`;

const LLM_SCENES = {
  scenes: [
    {
      heading: "INT. LIGHTHOUSE - NIGHT",
      name: "LIGHTHOUSE",
      shots: [
        { action: "Storm waves smash the rocks.", shotType: "wide", characters: [] },
        {
          action: "Mara stares at the dead lamp.",
          shotType: "close_up",
          characters: ["MARA"],
          dialogue: "The lamp is out again.",
        },
        { action: "Her hand trembles on the rail.", shotType: "insert", characters: ["MARA"] },
      ],
    },
    {
      heading: "EXT. CLIFF - DAWN",
      shots: [{ action: "Gulls wheel over a grey sea.", shotType: "establishing", characters: [] }],
    },
  ],
};

const isEnhanceRequest = (request: FakeLlmRequest) =>
  request.messages[0]?.content.includes("text-to-video") ?? false;

test("Parse with AI previews the LLM's scenes and shots, and Commit puts them on V1", async ({
  page,
}) => {
  const received = await routeFakeLlm(page, LLM_URL, request =>
    request.messages.some(m => m.content.includes("single word OK"))
      ? { content: "OK" }
      : { content: "Here is the storyboard:\n```json\n" + JSON.stringify(LLM_SCENES) + "\n```" },
  );
  const storyboard = new StoryboardPage(page);
  const settings = new SettingsPage(page);
  await openNewProject(page, "AI parse");
  await storyboard.open();
  await expect(page.getByTestId("script-parse-ai")).toBeDisabled();

  await settings.configureLlm({ endpoint: LLM_URL, model: MODEL });
  expect(await settings.testConnection()).toBe(`Connected (${MODEL})`);
  await settings.close();

  await storyboard.pasteScript(SCRIPT);
  await page.getByTestId("script-parse-ai").click();
  const preview = page.getByTestId("parse-preview");
  await expect(preview.getByTestId("parse-source")).toHaveText(`Parsed by ${MODEL}`);
  await expect(preview.getByTestId("parse-scene")).toHaveCount(2);
  await expect(preview.getByTestId("parse-shot")).toHaveCount(4);
  await expect(preview.getByLabel("Shot action").nth(2)).toHaveValue(
    "Her hand trembles on the rail.",
  );
  expect(received.at(-1)?.model).toBe(MODEL);
  expect(received.at(-1)?.messages.at(-1)?.content).toContain("Gulls circle above the grey sea.");

  await storyboard.commit();
  await expect(storyboard.scenes()).toHaveCount(2);
  await expect(storyboard.scenes().nth(0).getByTestId("shot-card")).toHaveCount(3);
  await expect(storyboard.card("Her hand trembles")).toHaveCount(1);
  const v1 = await page.evaluate(() => {
    const studio = (window as unknown as { __studio: StudioHandle }).__studio;
    return studio.state.tracks.timeline.items.filter(i => i.track === "V1").length;
  });
  expect(v1).toBe(4);
});

test("a failing LLM falls back to the built-in parser and says why", async ({ page }) => {
  await routeFakeLlm(page, LLM_URL, () => ({ status: 500 }));
  const storyboard = new StoryboardPage(page);
  const settings = new SettingsPage(page);
  await openNewProject(page, "AI parse fails");
  await storyboard.open();
  await settings.configureLlm({ endpoint: LLM_URL, model: MODEL });
  await settings.close();

  await storyboard.pasteScript(SCRIPT);
  await page.getByTestId("script-parse-ai").click();
  const preview = page.getByTestId("parse-preview");
  await expect(preview.getByTestId("parse-source")).toHaveText(
    "AI parse failed (the LLM answered HTTP 500: the model crashed); parsed with the built-in parser",
  );
  // The regex parser's reading: two scenes, the action, the dialogue and the gulls.
  await expect(preview.getByTestId("parse-scene")).toHaveCount(2);
  await expect(preview.getByTestId("parse-shot")).toHaveCount(3);
  await expect(preview.getByLabel("Shot action").first()).toHaveValue(
    "Waves crash against the rocks below the lighthouse.",
  );

  // Plain Parse afterwards says nothing about AI.
  await storyboard.parse();
  await expect(preview.getByTestId("parse-source")).toHaveCount(0);
});

test("a shot with Enhance prompt on is generated with the LLM's prompt", async ({ page }) => {
  const ENHANCED =
    "Storm waves smash the black rocks below the lighthouse. Spray glitters in the beam. The camera holds, wide and low.";
  const received = await routeFakeLlm(page, LLM_URL, request =>
    isEnhanceRequest(request) ? { content: ENHANCED } : { status: 500 },
  );
  const storyboard = new StoryboardPage(page);
  const settings = new SettingsPage(page);
  const jobs = new JobsPage(page);
  await openNewProject(page, "Enhance");
  await settings.configureLlm({ endpoint: LLM_URL, model: MODEL });
  await settings.close();
  await storyboard.open();
  await storyboard.addScript(
    "INT. LIGHTHOUSE - NIGHT\n\nWaves crash against the rocks below the lighthouse.\n",
  );

  const card = storyboard.card("Waves crash");
  await storyboard.setSettings(card, { numFrames: 25, steps: 2, width: 128, height: 96 });
  await card.getByTestId("shot-enhance-prompt").check();
  await storyboard.generate(card);
  await expect(page.getByText("Enhancing the prompt…")).toBeVisible();

  const jobId = await jobs.jobIdOf(await storyboard.shotIdOf(card));
  const response = await page.request.get(`/api/jobs/${jobId}`);
  expect(response.ok()).toBe(true);
  const { job } = (await response.json()) as { job: { params: { prompt: string } } };
  expect(job.params.prompt).toBe(ENHANCED);
  // The LLM was asked for 2–3 sentences (25 frames is 1 s) about the built prompt.
  const asked = received.find(isEnhanceRequest);
  expect(asked?.messages[0]?.content).toContain("2 to 3 sentences");
  expect(asked?.messages.at(-1)?.content).toContain("Waves crash against the rocks");
});

test("Cancel stops a slow AI parse and leaves the script as it was", async ({ page }) => {
  let asked = 0;
  let lateAnswerSent = false;
  let release = () => {};
  const released = new Promise<void>(resolve => (release = resolve));
  // A slow LLM: it answers only when the test releases it, after the user has cancelled.
  await page.route(`${LLM_URL}/**`, async route => {
    const cors = {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Headers": "content-type, authorization",
      "Access-Control-Allow-Methods": "POST, OPTIONS",
    };
    if (route.request().method() === "OPTIONS") {
      await route.fulfill({ status: 204, headers: cors });
      return;
    }
    asked++;
    await released;
    await route
      .fulfill({
        status: 200,
        headers: cors,
        contentType: "application/json",
        body: JSON.stringify({
          model: MODEL,
          choices: [
            { index: 0, message: { role: "assistant", content: JSON.stringify(LLM_SCENES) } },
          ],
        }),
      })
      .catch(() => undefined); // the page already aborted the request
    lateAnswerSent = true;
  });
  const storyboard = new StoryboardPage(page);
  const settings = new SettingsPage(page);
  await openNewProject(page, "AI parse cancel");
  await storyboard.open();
  await settings.configureLlm({ endpoint: LLM_URL, model: MODEL });
  await settings.close();

  await storyboard.pasteScript(SCRIPT);
  await page.getByTestId("script-parse-ai").click();
  const running = page.getByTestId("script-parse-ai-running");
  await expect(running).toContainText(`Parsing with ${MODEL}…`);
  await expect.poll(() => asked).toBe(1);
  await running.getByTestId("script-parse-ai-cancel").click();

  await expect(page.getByTestId("script-parse-note")).toHaveText("AI parse cancelled");
  await expect(running).toHaveCount(0);
  await expect(page.getByTestId("script-parse-ai")).toBeEnabled();
  // No fallback parse: no preview, and the script is what was pasted.
  await expect(page.getByTestId("parse-preview")).toHaveCount(0);
  await expect(page.getByTestId("script-input")).toHaveValue(SCRIPT);
  // An answer arriving after the cancel changes nothing.
  release();
  await expect.poll(() => lateAnswerSent).toBe(true);
  await expect(page.getByTestId("parse-preview")).toHaveCount(0);

  // The next parse clears the note.
  await storyboard.parse();
  await expect(page.getByTestId("script-parse-note")).toHaveCount(0);
});

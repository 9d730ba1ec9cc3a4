/**
 * The app shell: the project list at "#/", the studio at "#/project/<id>". Opening and closing a
 * project follow the route, so the browser's back button and a reload do the right thing.
 */
import { For, Match, Switch, createEffect, createSignal, on, type JSX } from "solid-js";
import { useStudio } from "../store/context";
import { StudioView } from "../store/slices/ui";
import { ComingSoon } from "../ui/common/ComingSoon";
import { SaveErrorBanner } from "../ui/common/SaveErrorBanner";
import { SettingsDialog } from "../ui/common/SettingsDialog";
import { Toasts } from "../ui/common/Toasts";
import { UpdatePrompt } from "../ui/common/UpdatePrompt";
import { Inspector } from "../ui/inspector/Inspector";
import { MediaLibrary } from "../ui/library/MediaLibrary";
import { Player } from "../ui/player/Player";
import { ProjectManager } from "../ui/project/ProjectManager";
import { Timeline } from "../ui/timeline/Timeline";
import { StoryboardView } from "../ui/storyboard/StoryboardView";
import { ElementsPanel } from "../ui/elements/ElementsPanel";
import { JobsPanel } from "../ui/jobs/JobsPanel";
import { ImagesView } from "../ui/images/ImagesView";
import { createAppShortcuts } from "./app-shortcuts";
import { createHashRoute, type Route } from "./routes";
import { StudioHeader } from "./StudioHeader";

const VIEWS: { id: StudioView; label: string }[] = [
  { id: StudioView.timeline, label: "Timeline" },
  { id: StudioView.storyboard, label: "Storyboard" },
  { id: StudioView.elements, label: "Elements" },
  { id: StudioView.images, label: "Images" },
  { id: StudioView.jobs, label: "Jobs" },
];

function StudioShell(props: { onBack: () => void; onSettings: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  return (
    <div class="studio" data-testid="studio">
      <StudioHeader onBack={props.onBack} onSettings={props.onSettings} />
      <SaveErrorBanner />
      <div class="studio-body">
        <aside class="studio-left" aria-label="Media library">
          <MediaLibrary />
        </aside>
        <main class="studio-centre">
          <nav class="view-tabs" role="tablist" aria-label="Views">
            <For each={VIEWS}>
              {view => (
                <button
                  type="button"
                  role="tab"
                  class="view-tab"
                  aria-selected={state.ui.view === view.id}
                  data-testid={`view-${view.id}`}
                  onClick={() => actions.ui.setView(view.id)}
                >
                  {view.label}
                </button>
              )}
            </For>
          </nav>
          <Switch
            fallback={<ComingSoon title={VIEWS.find(v => v.id === state.ui.view)?.label ?? ""} />}
          >
            <Match when={state.ui.view === StudioView.timeline}>
              <div class="centre-top">
                <Player />
              </div>
              <div class="centre-bottom">
                <Timeline />
              </div>
            </Match>
            <Match when={state.ui.view === StudioView.storyboard}>
              <div class="centre-full">
                <StoryboardView />
              </div>
            </Match>
            <Match when={state.ui.view === StudioView.elements}>
              <div class="centre-full">
                <ElementsPanel />
              </div>
            </Match>
            <Match when={state.ui.view === StudioView.images}>
              <div class="centre-full">
                <ImagesView />
              </div>
            </Match>
            <Match when={state.ui.view === StudioView.jobs}>
              <div class="centre-full">
                <JobsPanel />
              </div>
            </Match>
          </Switch>
        </main>
        <aside class="studio-right" aria-label="Inspector">
          <Inspector />
        </aside>
      </div>
    </div>
  );
}

function MissingProject(props: { onBack: () => void }): JSX.Element {
  return (
    <div class="missing-project" data-testid="project-missing">
      <h1>This project is not here</h1>
      <p>It may have been deleted, or it was created in another browser.</p>
      <button type="button" class="button button-primary" onClick={() => props.onBack()}>
        Go to your projects
      </button>
    </div>
  );
}

/** The whole studio UI; `onReloadForUpdate` applies a waiting service worker. */
export function App(props: { onReloadForUpdate?: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  const [route, navigate] = createHashRoute();
  const [settingsOpen, setSettingsOpen] = createSignal(false);
  createAppShortcuts(actions);

  const goToProjects = () => navigate({ name: "projects" });

  createEffect(
    on(
      route,
      (next: Route) => {
        if (next.name === "project") {
          actions.project
            .open(next.projectId)
            .catch((error: unknown) => actions.ui.notifyError(error));
        } else if (state.project.current) {
          actions.project.close().catch((error: unknown) => {
            // Closing failed to save: stay in the project so nothing is lost.
            actions.ui.notifyError(error);
            navigate({ name: "project", projectId: state.project.current?.id ?? "" });
          });
        }
      },
      // main.tsx restores the route the page loaded with before the first render.
      { defer: true },
    ),
  );

  return (
    <div class="app">
      <UpdatePrompt onReload={props.onReloadForUpdate} />
      <Switch>
        <Match when={route().name === "projects"}>
          <ProjectManager
            onOpen={projectId => navigate({ name: "project", projectId })}
            onSettings={() => setSettingsOpen(true)}
          />
        </Match>
        <Match when={state.project.status === "missing"}>
          <MissingProject onBack={goToProjects} />
        </Match>
        <Match when={state.project.status === "open" && state.project.current}>
          <StudioShell onBack={goToProjects} onSettings={() => setSettingsOpen(true)} />
        </Match>
        <Match when={true}>
          <div class="loading" data-testid="project-loading">
            Opening project…
          </div>
        </Match>
      </Switch>
      <SettingsDialog open={settingsOpen()} onClose={() => setSettingsOpen(false)} />
      <Toasts />
    </div>
  );
}

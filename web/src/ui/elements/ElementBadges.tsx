import { For, Show, createMemo, type JSX } from "solid-js";
import type { Element } from "@milimo/shared/schema";
import { matchShotElements } from "../../jobs/job-plan";
import { useStudio } from "../../store/context";
import { toElementBadges } from "./element-badges";

/** The story elements a shot mentions, best match first (FEATURES §3 scores). */
export function ElementBadges(props: { shotId: string }): JSX.Element {
  const { state } = useStudio();
  const view = createMemo(() => {
    const shot = state.shots.byId[props.shotId];
    if (!shot) return { badges: [], more: 0 };
    const scene = state.project.scenes.find(s => s.id === shot.sceneId);
    const elements = state.elements.order
      .map(id => state.elements.byId[id])
      .filter((e): e is Element => e !== undefined);
    return toElementBadges(matchShotElements({ shot, scene, elements }));
  });
  return (
    <Show when={view().badges.length > 0}>
      <ul class="el-badges" data-testid="element-badges">
        <For each={view().badges}>
          {badge => (
            <li
              class="el-badge"
              data-testid="element-badge"
              data-element-id={badge.elementId}
              title={`${badge.name} · match ${Math.round(badge.score * 100)}%`}
            >
              <span aria-hidden="true">{badge.icon}</span> {badge.name}
            </li>
          )}
        </For>
        <Show when={view().more > 0}>
          <li class="el-badge el-badge--more" data-testid="element-badge-more">
            +{view().more}
          </li>
        </Show>
      </ul>
    </Show>
  );
}

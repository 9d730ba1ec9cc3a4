import type { JSX } from "solid-js";
import type { StudioStore } from "../store/create-studio-store";
import { StudioContext } from "../store/context";

/** Provides one store to the tree below. */
export function StudioProvider(props: { store: StudioStore; children: JSX.Element }) {
  // The store object never changes for the life of the app; reading it once is intended.
  // eslint-disable-next-line solid/reactivity
  return <StudioContext.Provider value={props.store}>{props.children}</StudioContext.Provider>;
}

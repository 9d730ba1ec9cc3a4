/**
 * Setup for the vitest "web" project (happy-dom): an in-memory IndexedDB for every test file, and
 * Node's Blob/File in place of happy-dom's, because IndexedDB's structured clone (Node's) can store
 * only Node's Blob — with happy-dom's a stored media file would come back as a plain object.
 */
import "fake-indexeddb/auto";
import { Blob as NodeBlob, File as NodeFile } from "node:buffer";

Object.assign(globalThis, { Blob: NodeBlob, File: NodeFile });

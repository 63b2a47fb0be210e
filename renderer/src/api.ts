/** The preload's API (or the harness's stand-in for it), typed by the contract. */
import type { KeyscopeApi } from '../../shared/contract';

declare global {
  interface Window {
    readonly keyscope: KeyscopeApi;
  }
}

export const api: KeyscopeApi = window.keyscope;

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, requestJson, type DownloadedFile } from './api';
import type { WebDeployment } from './deployment';

// What every workspace shares in the browser: form rules from the pure checks, the API's message
// of a failure, saving a downloaded file, and the deployment's names (GET /api/web/v1/config).

/** An antd form rule from one of the pure checks (the same rules as the API's). */
export const ruleOf = (check: (value: string) => string | null) => ({
  validator: (_: unknown, value: string | undefined) => {
    const message = check(value ?? '');
    return message ? Promise.reject(new Error(message)) : Promise.resolve();
  },
});

/** The message to show for a failure: the API's own when it gave one. */
export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** Hands a downloaded file to the browser's download (the name the service gave). */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const DeploymentContext = createContext<WebDeployment | null>(null);

/** Loads the deployment once; the workspaces show codes until it is there. */
export function DeploymentProvider(props: { children: ReactNode }) {
  const [deployment, setDeployment] = useState<WebDeployment | null>(null);
  useEffect(() => {
    let live = true;
    requestJson<WebDeployment>('/api/web/v1/config')
      .then((d) => live && setDeployment(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return <DeploymentContext.Provider value={deployment}>{props.children}</DeploymentContext.Provider>;
}

export function useDeployment(): WebDeployment | null {
  return useContext(DeploymentContext);
}

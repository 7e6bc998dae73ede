import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Alert, Modal, type FormInstance } from 'antd';
import { ApiError, requestJson, type DownloadedFile } from './api';
import type { WebDeployment } from './deployment';

// What every workspace shares in the browser: form rules from the pure checks, the API's message
// of a failure and its place on the screen, the form dialog, saving a downloaded file, and the
// deployment's names (GET /api/web/v1/config).

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

/**
 * A screen's or a dialog's outcome line (the API's refusal in its words, or what was done);
 * nothing when there is nothing to say. `testId` names it for the browser tests.
 */
export function Feedback(props: {
  type: 'error' | 'success';
  message: string | null | undefined;
  testId: string;
  onClose?: () => void;
}) {
  if (!props.message) return null;
  return (
    <Alert
      type={props.type}
      showIcon
      message={props.message}
      style={{ marginBottom: 16 }}
      data-testid={props.testId}
      {...(props.onClose && { closable: true, onClose: props.onClose })}
    />
  );
}

/**
 * A dialog holding one form: OK submits, and a refused submit keeps the dialog open (the
 * submit has put the refusal on its Feedback line); Cancel closes it.
 */
export function FormDialog(props: {
  title: string;
  okText: string;
  busy: boolean;
  onSubmit: () => Promise<unknown>;
  onClose: () => void;
  width?: number;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal
      open
      width={props.width}
      title={props.title}
      okText={props.okText}
      okButtonProps={props.danger ? { danger: true } : undefined}
      cancelText="取消"
      confirmLoading={props.busy}
      onOk={() => void props.onSubmit().catch(() => undefined)}
      onCancel={props.onClose}
    >
      {props.children}
    </Modal>
  );
}

/**
 * A form's submit: validate (an invalid field shows its rule and nothing is sent), then run the
 * action with the values; while it runs `busy`, when it fails `error` is the API's message (or
 * `failure` when the API gave none).
 */
export function useFormSubmit<V>(
  form: FormInstance<V>,
  failure: string,
  action: (values: V) => Promise<unknown>,
): { busy: boolean; error: string | null; submit: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (err) {
      setError(errorText(err, failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
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

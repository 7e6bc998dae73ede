import { useState } from 'react';
import { Checkbox, Form, Input, Select } from 'antd';
import { apiPath, requestJson } from './api';
import { CLOSE_REASON_LABELS, changeBody, closeBody, type ChangeFormValues } from './children';
import type { KeyCareEntry } from './ledger';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment } from './ui';
import {
  LEDGER_LIMITS,
  WORKER_ID_MAX,
  checkCloseNote,
  checkClosedOn,
  checkDifficultyTypes,
  checkText,
  type CloseReason,
} from './validation';

interface DialogProps {
  readonly entry: KeyCareEntry;
  readonly session: Session;
  readonly today: string;
  readonly onUnauthorized: () => void;
  readonly onClose: () => void;
  readonly onSaved: (entry: KeyCareEntry) => void;
}

/** 变更台账: difficulty types, summary, notes, school and grade, the visit worker; on the version read. */
export function ChangeEntryDialog(props: DialogProps) {
  const { entry } = props;
  const deployment = useDeployment();
  const [form] = Form.useForm<ChangeFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    const v = await form.validateFields();
    const body = changeBody(entry, v);
    if (body === null) return setError('没有修改任何内容');
    setBusy(true);
    setError(null);
    try {
      props.onSaved(
        await requestJson<KeyCareEntry>(
          apiPath('registry', `/v1/key-care/entries/${encodeURIComponent(entry.entryId)}`),
          { method: 'PATCH', token: props.session.accessToken, body },
          props.onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '变更台账失败'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      width={640}
      title={`变更台账：${entry.childId}`}
      okText="保存变更"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Feedback type="error" message={error} testId="change-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          difficultyTypes: [...entry.difficultyTypes],
          situationSummary: entry.situationSummary,
          notes: entry.notes ?? '',
          school: entry.school,
          grade: entry.grade,
          visitWorkerId: entry.visitWorkerId,
        }}
      >
        <Form.Item
          label="重点关爱服务对象困境类型"
          name="difficultyTypes"
          rules={[ruleOf((v) => checkDifficultyTypes(v as unknown as string[]))]}
        >
          <Checkbox.Group
            options={(deployment?.difficultyTypes ?? []).map((t) => ({ value: t.code, label: t.name }))}
          />
        </Form.Item>
        <Form.Item
          label="基本情况概述"
          name="situationSummary"
          rules={[ruleOf((v) => checkText('基本情况概述', v, LEDGER_LIMITS.situationSummary, false))]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          label="备注"
          name="notes"
          rules={[ruleOf((v) => checkText('备注', v, LEDGER_LIMITS.notes, false))]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          label="就读学校"
          name="school"
          rules={[ruleOf((v) => checkText('就读学校', v, LEDGER_LIMITS.school, false))]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="年级"
          name="grade"
          rules={[ruleOf((v) => checkText('年级', v, LEDGER_LIMITS.grade, false))]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="走访责任人"
          name="visitWorkerId"
          rules={[ruleOf((v) => checkText('走访责任人', v, WORKER_ID_MAX, false))]}
        >
          <Input placeholder="儿童主任的用户标识" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** 销档: a reason (其他 with a note), the day (not after today, not before the entry was opened). */
export function CloseEntryDialog(props: DialogProps) {
  const { entry } = props;
  const [form] = Form.useForm<{ reason?: CloseReason; note?: string; closedOn: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    const v = await form.validateFields();
    if (!v.reason) return;
    setBusy(true);
    setError(null);
    try {
      props.onSaved(
        await requestJson<KeyCareEntry>(
          apiPath('registry', `/v1/key-care/entries/${encodeURIComponent(entry.entryId)}/close`),
          {
            method: 'POST',
            token: props.session.accessToken,
            body: closeBody(entry, { reason: v.reason, note: v.note, closedOn: v.closedOn }),
          },
          props.onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '销档失败'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={`销档：${entry.childId}`}
      okText="确认销档"
      danger
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <p>销档后该儿童移出在册台账，走访计划取消；台账记录保留备查。</p>
      <Feedback type="error" message={error} testId="close-error" />
      <Form form={form} layout="vertical" initialValues={{ closedOn: props.today, note: '' }}>
        <Form.Item label="销档原因" name="reason" rules={[ruleOf((v) => (v ? null : '请选择销档原因'))]}>
          <Select
            data-testid="close-reason"
            options={(Object.keys(CLOSE_REASON_LABELS) as CloseReason[]).map((k) => ({
              value: k,
              label: CLOSE_REASON_LABELS[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          label="说明"
          name="note"
          dependencies={['reason']}
          rules={[ruleOf((v) => checkCloseNote(form.getFieldValue('reason'), v))]}
          extra="原因为“其他”时必填；勿填写身份证号、电话等个人信息"
        >
          <Input.TextArea rows={2} maxLength={LEDGER_LIMITS.closeNote} />
        </Form.Item>
        <Form.Item
          label="销档日期"
          name="closedOn"
          rules={[ruleOf((v) => checkClosedOn(v, entry.openedOn, props.today))]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

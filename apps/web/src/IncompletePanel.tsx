import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { apiPath, requestJson } from './api';
import {
  completionBody,
  completionText,
  type CompleteFormValues,
  type CompletionResult,
  type IncompleteChild,
  type IncompletePage,
} from './children';
import { areaLabel, areaName, difficultyName } from './deployment';
import { todayInChina } from './ledger';
import { SEX_LABELS } from './registry';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';
import { checkBirthDate, checkIdNumber, checkSex, idNumberFacts } from './validation';

interface PanelProps {
  readonly session: Session;
  readonly countyCode: string;
  readonly onUnauthorized: () => void;
  /** Opens the child's page once the record became a child. */
  readonly onCompleted: (childId: string) => void;
}

/**
 * 待补录: the rows an import kept without a fact the migrant rule needs (masked name, what is
 * missing and why, the import and row they came from); 补录 registers one as a child under the
 * record's id (determined, published, its ledger entry opened) and removes it from the list.
 */
export function IncompletePanel(props: PanelProps) {
  const { session, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
  const [page, setPage] = useState<IncompletePage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [completing, setCompleting] = useState<IncompleteChild | null>(null);

  const load = useCallback(async () => {
    if (!countyCode) return;
    setLoading(true);
    setError(null);
    try {
      setPage(
        await requestJson<IncompletePage>(
          apiPath('registry', '/v1/incomplete-children', { countyCode, pageSize: '200' }),
          { token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '待补录名单加载失败'));
    } finally {
      setLoading(false);
    }
  }, [countyCode, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <span data-testid="incomplete-total">
          {page ? `${areaName(deployment, countyCode)}待补录 ${page.total} 条` : '待补录'}
        </span>
        <Button onClick={() => void load()}>刷新</Button>
      </Space>
      <Feedback type="error" message={error} testId="incomplete-error" />
      <Feedback type="success" message={done} testId="incomplete-done" onClose={() => setDone(null)} />
      <Table<IncompleteChild>
        rowKey="id"
        loading={loading}
        dataSource={page?.items ?? []}
        pagination={false}
        data-testid="incomplete-table"
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '性别', dataIndex: 'sex', render: (v?: string) => (v ? (SEX_LABELS[v] ?? v) : '—') },
          { title: '年龄（台账）', dataIndex: 'sheetAge', render: (v?: number) => v ?? '—' },
          { title: '乡镇/街道', dataIndex: 'townshipCode', render: (v: string) => areaName(deployment, v) },
          {
            title: '户籍地',
            dataIndex: 'hukouDivisionCode',
            render: (v?: string) => (v ? areaLabel(deployment, v) : <Tag color="orange">无法识别</Tag>),
          },
          {
            title: '困境类型',
            dataIndex: 'difficultyTypes',
            render: (v: readonly string[]) =>
              v.map((t) => <Tag key={t}>{difficultyName(deployment, t)}</Tag>),
          },
          {
            title: '缺少的信息',
            dataIndex: 'missing',
            render: (v: IncompleteChild['missing']) => (
              <div>
                {v.map((m) => (
                  <div key={m.column}>
                    <Tag color="red">{m.column}</Tag>
                    {m.reason}
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: '来源',
            key: 'source',
            render: (_: unknown, r) => `导入第 ${r.source.rowNumber} 行`,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) => (
              <Button size="small" type="primary" onClick={() => setCompleting(r)}>
                补录
              </Button>
            ),
          },
        ]}
      />
      {completing && (
        <CompleteDialog
          record={completing}
          session={session}
          onUnauthorized={onUnauthorized}
          onClose={() => setCompleting(null)}
          onCompleted={(result) => {
            setCompleting(null);
            setDone(completionText(result));
            void load();
            props.onCompleted(result.child.childId);
          }}
        />
      )}
    </div>
  );
}

/** 补录: what the record lacks (ID number, or birth date and sex; the hukou when it could not be read). */
function CompleteDialog(props: {
  record: IncompleteChild;
  session: Session;
  onUnauthorized: () => void;
  onClose: () => void;
  onCompleted: (result: CompletionResult) => void;
}) {
  const [form] = Form.useForm<CompleteFormValues>();
  const today = todayInChina(Date.now());
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const facts = checkIdNumber(idNumber, today) === null ? idNumberFacts(idNumber) : null;
  const needsHukou = props.record.hukouDivisionCode === undefined;

  const { busy, error, submit } = useFormSubmit(form, '补录失败', async (v) => {
    props.onCompleted(
      await requestJson<CompletionResult>(
        apiPath('registry', `/v1/incomplete-children/${encodeURIComponent(props.record.id)}/complete`),
        { method: 'POST', token: props.session.accessToken, body: completionBody(v) },
        props.onUnauthorized,
      ),
    );
  });

  return (
    <FormDialog
      title={`补录：${props.record.name}（导入第 ${props.record.source.rowNumber} 行）`}
      okText="补录并登记"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <div style={{ marginBottom: 12 }}>
        {props.record.missing.map((m) => (
          <div key={m.column}>
            缺少 <b>{m.column}</b>：{m.reason}
          </div>
        ))}
      </div>
      <Feedback type="error" message={error} testId="complete-error" />
      <Form form={form} layout="vertical" initialValues={{ sex: props.record.sex ?? '' }}>
        <Form.Item
          label="身份证号"
          name="idNumber"
          rules={[ruleOf((v) => checkIdNumber(v, today))]}
          extra={
            facts
              ? `出生日期 ${facts.birthDate}，性别 ${SEX_LABELS[facts.sex]}（由身份证号确定）`
              : '有则填写'
          }
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          label="出生日期"
          name="birthDate"
          dependencies={['idNumber']}
          rules={[ruleOf((v) => checkBirthDate(v, form.getFieldValue('idNumber') ?? '', today))]}
        >
          <Input placeholder="YYYY-MM-DD（无身份证号时必填）" disabled={facts !== null} />
        </Form.Item>
        <Form.Item
          label="性别"
          name="sex"
          dependencies={['idNumber']}
          rules={[ruleOf((v) => checkSex(v ?? '', form.getFieldValue('idNumber') ?? '', today))]}
        >
          <Select
            allowClear
            disabled={facts !== null}
            options={[
              { value: 'male', label: '男' },
              { value: 'female', label: '女' },
            ]}
          />
        </Form.Item>
        {needsHukou && (
          <Form.Item
            label="户籍地行政区划代码"
            name="hukouDivisionCode"
            rules={[
              ruleOf((v) =>
                /^\d{6}(\d{3})?$/.test(v.trim())
                  ? null
                  : '户籍地行政区划代码须为6位区县或9位乡镇行政区划代码',
              ),
            ]}
          >
            <Input placeholder="台账户籍地址无法识别时必填" />
          </Form.Item>
        )}
      </Form>
    </FormDialog>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { ApiError, apiPath, requestJson } from './api';
import { revealFieldsFor, SEX_LABELS, type ChildPage, type ChildRow } from './registry';
import type { Session } from './session';
import { checkPurpose } from './validation';

const PAGE_SIZE = '50';

/** 登记: the county's children (masked by the API), one revealed at a time with an audited purpose. */
export function RegistryWorkspace(props: { session: Session; onUnauthorized: () => void }) {
  const { session, onUnauthorized } = props;
  const counties = session.account.countyCodes;
  const [countyCode, setCountyCode] = useState<string | undefined>(counties[0]);
  const [rows, setRows] = useState<ChildRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<ChildRow | null>(null);
  const fields = revealFieldsFor(session.account.role);

  const load = useCallback(
    async (county: string, cursor?: string) => {
      setLoading(true);
      setError(null);
      try {
        const page = await requestJson<ChildPage>(
          apiPath('registry', '/v1/children', { countyCode: county, pageSize: PAGE_SIZE, cursor }),
          { token: session.accessToken },
          onUnauthorized,
        );
        setRows((old) => (cursor ? [...old, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : '儿童名单加载失败');
        if (!cursor) setRows([]);
      } finally {
        setLoading(false);
      }
    },
    [session.accessToken, onUnauthorized],
  );

  useEffect(() => {
    if (countyCode) void load(countyCode);
  }, [countyCode, load]);

  return (
    <Card title="儿童信息（脱敏显示）">
      <Space style={{ marginBottom: 16 }}>
        <span>县区：</span>
        <Select
          style={{ width: 160 }}
          value={countyCode}
          onChange={setCountyCode}
          options={counties.map((c) => ({ value: c, label: c }))}
          data-testid="county-select"
        />
        <Button onClick={() => countyCode && void load(countyCode)}>刷新</Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 16 }}
          data-testid="registry-error"
        />
      )}
      <Table<ChildRow>
        rowKey="childId"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="children-table"
        columns={[
          { title: '姓名', dataIndex: 'name' },
          {
            title: '身份证号',
            dataIndex: 'idNumber',
            render: (v: string, r) => (r.missingIdNumber ? <Tag>待补录</Tag> : v),
          },
          { title: '性别', dataIndex: 'sex', render: (v: string) => SEX_LABELS[v] ?? v },
          { title: '出生日期', dataIndex: 'birthDate' },
          { title: '乡镇/街道', dataIndex: 'townshipCode' },
          {
            title: '流动儿童',
            dataIndex: ['determination', 'isMigrant'],
            render: (v: boolean) => (v ? <Tag color="blue">是</Tag> : <Tag>否</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) =>
              fields.length === 0 ? null : fields.every((f) => r.revealed.includes(f)) ? (
                <Tag color="orange">已显示（已记审计）</Tag>
              ) : (
                <Button size="small" onClick={() => setRevealing(r)}>
                  查看完整信息
                </Button>
              ),
          },
        ]}
      />
      {nextCursor && countyCode && (
        <Button style={{ marginTop: 16 }} onClick={() => void load(countyCode, nextCursor)} loading={loading}>
          加载更多
        </Button>
      )}
      {revealing && (
        <RevealDialog
          child={revealing}
          fields={fields}
          token={session.accessToken}
          onUnauthorized={onUnauthorized}
          onClose={() => setRevealing(null)}
          onRevealed={(child) => {
            setRows((old) => old.map((r) => (r.childId === child.childId ? child : r)));
            setRevealing(null);
          }}
        />
      )}
    </Card>
  );
}

function RevealDialog(props: {
  child: ChildRow;
  fields: readonly string[];
  token: string;
  onUnauthorized: () => void;
  onClose: () => void;
  onRevealed: (child: ChildRow) => void;
}) {
  const [form] = Form.useForm<{ purpose: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    const { purpose } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const child = await requestJson<ChildRow>(
        apiPath('registry', `/v1/children/${encodeURIComponent(props.child.childId)}`, {
          reveal: props.fields.join(','),
          purpose: purpose.trim(),
        }),
        { token: props.token },
        props.onUnauthorized,
      );
      props.onRevealed(child);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '查看失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`查看完整信息：${props.child.name}`}
      okText="查看"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={props.onClose}
    >
      <p>查看完整的姓名和身份证号将记入审计，请填写用途。</p>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 16 }}
          data-testid="reveal-error"
        />
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          label="用途"
          name="purpose"
          rules={[
            {
              validator: (_: unknown, value: string | undefined) => {
                const message = checkPurpose(value ?? '');
                return message ? Promise.reject(new Error(message)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} placeholder="例如：联系监护人安排走访" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

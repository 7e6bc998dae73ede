import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { apiPath, requestJson } from './api';
import { areaLabel, areaName } from './deployment';
import { ChildDetailDrawer, RegisterChildPanel } from './ChildPanels';
import { ImportPanel } from './ImportPanel';
import { IncompletePanel } from './IncompletePanel';
import { KeyCarePanel, OverduePanel } from './KeyCarePanel';
import { ScreeningPanel } from './ScreeningPanel';
import { canImport, revealFieldsFor, SEX_LABELS, type ChildPage, type ChildRow } from './registry';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';
import { checkPurpose } from './validation';

const PAGE_SIZE = '50';

/**
 * 登记: the county's children (masked by the API, one revealed at a time with an audited purpose),
 * the key-care ledger, visits due and overdue, and the Attachment 1 import.
 */
export function RegistryWorkspace(props: { session: Session; onUnauthorized: () => void }) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const counties = session.account.countyCodes;
  const [countyCode, setCountyCode] = useState<string | undefined>(counties[0]);
  const [activeTab, setActiveTab] = useState('children');
  const [detailOf, setDetailOf] = useState<string | null>(null);
  const tab = (key: string, label: string, children: JSX.Element) => ({ key, label, children });
  const county = countyCode ?? '';
  const writer = canImport(session.account.role);
  const openDetail = (childId: string): void => setDetailOf(childId);
  return (
    <Card
      title="登记"
      extra={
        <Space>
          <span>县区：</span>
          <Select
            style={{ width: 200 }}
            value={countyCode}
            onChange={setCountyCode}
            options={counties.map((c) => ({ value: c, label: areaLabel(deployment, c) }))}
            data-testid="county-select"
          />
        </Space>
      }
    >
      <Tabs
        destroyInactiveTabPane
        activeKey={activeTab}
        onChange={setActiveTab}
        items={[
          tab(
            'children',
            '儿童信息',
            <ChildrenPanel
              session={session}
              countyCode={county}
              onUnauthorized={onUnauthorized}
              onDetail={openDetail}
            />,
          ),
          ...(writer
            ? [
                tab(
                  'register',
                  '登记新儿童',
                  <RegisterChildPanel
                    session={session}
                    countyCode={county}
                    onUnauthorized={onUnauthorized}
                    onRegistered={(child) => {
                      setActiveTab('children');
                      openDetail(child.childId);
                    }}
                  />,
                ),
                tab(
                  'incomplete',
                  '待补录',
                  <IncompletePanel
                    session={session}
                    countyCode={county}
                    onUnauthorized={onUnauthorized}
                    onCompleted={openDetail}
                  />,
                ),
              ]
            : []),
          tab(
            'screening',
            '摸排',
            <ScreeningPanel session={session} countyCode={county} onUnauthorized={onUnauthorized} />,
          ),
          tab(
            'key-care',
            '重点关爱台账',
            <KeyCarePanel session={session} countyCode={county} onUnauthorized={onUnauthorized} />,
          ),
          tab(
            'visits',
            '走访提醒',
            <OverduePanel session={session} countyCode={county} onUnauthorized={onUnauthorized} />,
          ),
          ...(writer
            ? [
                tab(
                  'import',
                  '台账导入',
                  <ImportPanel session={session} countyCode={county} onUnauthorized={onUnauthorized} />,
                ),
              ]
            : []),
        ]}
      />
      {detailOf && county && (
        <ChildDetailDrawer
          session={session}
          childId={detailOf}
          countyCode={county}
          onUnauthorized={onUnauthorized}
          onClose={() => setDetailOf(null)}
        />
      )}
    </Card>
  );
}

/** 儿童信息（脱敏显示）. */
function ChildrenPanel(props: {
  session: Session;
  countyCode: string;
  onUnauthorized: () => void;
  onDetail: (childId: string) => void;
}) {
  const { session, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
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
        setError(errorText(err, '儿童名单加载失败'));
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
    <div>
      <Space style={{ marginBottom: 16 }}>
        <span>儿童信息（脱敏显示）</span>
        <Button onClick={() => countyCode && void load(countyCode)}>刷新</Button>
      </Space>
      <Feedback type="error" message={error} testId="registry-error" />
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
          {
            title: '乡镇/街道',
            dataIndex: 'townshipCode',
            render: (v: string) => areaName(deployment, v),
          },
          {
            title: '流动儿童',
            dataIndex: ['determination', 'isMigrant'],
            render: (v: boolean) => (v ? <Tag color="blue">是</Tag> : <Tag>否</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) => (
              <Space size="small">
                <Button size="small" onClick={() => props.onDetail(r.childId)}>
                  详情
                </Button>
                {fields.length === 0 ? null : fields.every((f) => r.revealed.includes(f)) ? (
                  <Tag color="orange">已显示（已记审计）</Tag>
                ) : (
                  <Button size="small" onClick={() => setRevealing(r)}>
                    查看完整信息
                  </Button>
                )}
              </Space>
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
    </div>
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

  const { busy, error, submit } = useFormSubmit(form, '查看失败', async ({ purpose }) => {
    const child = await requestJson<ChildRow>(
      apiPath('registry', `/v1/children/${encodeURIComponent(props.child.childId)}`, {
        reveal: props.fields.join(','),
        purpose: purpose.trim(),
      }),
      { token: props.token },
      props.onUnauthorized,
    );
    props.onRevealed(child);
  });

  return (
    <FormDialog
      title={`查看完整信息：${props.child.name}`}
      okText="查看"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <p>查看完整的姓名和身份证号将记入审计，请填写用途。</p>
      <Feedback type="error" message={error} testId="reveal-error" />
      <Form form={form} layout="vertical">
        <Form.Item label="用途" name="purpose" rules={[ruleOf(checkPurpose)]}>
          <Input.TextArea rows={3} maxLength={200} placeholder="例如：联系监护人安排走访" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

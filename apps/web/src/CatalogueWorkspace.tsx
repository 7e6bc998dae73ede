import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { apiPath, requestJson } from './api';
import {
  canReadGaps,
  canWriteList,
  itemPatch,
  openDraft,
  type CatalogueItem,
  type CatalogueList,
  type GapPage,
  type GapRow,
  type GapSummaryRow,
  type ListVersionSummary,
} from './catalogue';
import { areaLabel, areaName, departmentIdOfAccount, departmentName } from './deployment';
import { todayInChina } from './ledger';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';
import { ITEM_TEXT_MAX, checkDateNotBefore, checkText } from './validation';

interface Props {
  readonly session: Session;
  readonly onUnauthorized: () => void;
}

/** 服务清单: the lists of the city and its counties (versions, draft, edit, publish) and the gaps per department. */
export function CatalogueWorkspace(props: Props) {
  return (
    <Card title="服务清单">
      <Tabs
        destroyInactiveTabPane
        items={[
          { key: 'lists', label: '清单与版本', children: <ListsPanel {...props} /> },
          ...(canReadGaps(props.session.account.role)
            ? [{ key: 'gaps', label: '应享未享（按部门）', children: <GapsPanel {...props} /> }]
            : []),
        ]}
      />
    </Card>
  );
}

function ListsPanel(props: Props) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const cityCode = deployment?.cityCode ?? '371700';
  const divisions = [cityCode, ...(deployment?.counties.map((c) => c.code) ?? session.account.countyCodes)];
  const [division, setDivision] = useState<string>(session.account.countyCodes[0] ?? cityCode);
  const [versions, setVersions] = useState<ListVersionSummary[]>([]);
  const [shown, setShown] = useState<CatalogueList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<CatalogueItem | null>(null);
  const [publishing, setPublishing] = useState(false);
  const writable = canWriteList(session.account.role, session.account.countyCodes, division);
  const draft = openDraft(versions);
  const call = useCallback(
    <T,>(path: string, method: 'GET' | 'POST' | 'PATCH' = 'GET', body?: unknown) =>
      requestJson<T>(
        apiPath('catalogue', `/v1/service-lists/${division}${path}`),
        { method, body, token: session.accessToken },
        onUnauthorized,
      ),
    [division, session.accessToken, onUnauthorized],
  );

  /** The versions, and the draft when there is one (that is what an editor works on), else the list in force. */
  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const all = await call<ListVersionSummary[]>('/versions');
      setVersions(all);
      const open = openDraft(all);
      setShown(await call<CatalogueList>(open ? `/versions/${open.version}` : '/current'));
    } catch (err) {
      setError(errorText(err, '服务清单加载失败'));
    } finally {
      setLoading(false);
    }
  }, [call]);

  useEffect(() => {
    setNotice(null);
    void load();
  }, [load]);

  const run = async (action: () => Promise<void>, failure: string): Promise<void> => {
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setError(errorText(err, failure));
    }
  };

  const createDraft = () =>
    run(async () => {
      const list = await call<CatalogueList>('/drafts', 'POST', {});
      setNotice(`已新建草稿：第${list.version}版`);
      await load();
    }, '新建草稿失败');

  const viewVersion = (version: number) =>
    run(async () => setShown(await call<CatalogueList>(`/versions/${version}`)), '读取版本失败');

  return (
    <div>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>清单：</span>
        <Select
          style={{ width: 260 }}
          value={division}
          onChange={setDivision}
          data-testid="division-select"
          options={divisions.map((d) => ({
            value: d,
            label: d === cityCode ? `${areaName(deployment, d)}基础清单（${d}）` : areaLabel(deployment, d),
          }))}
        />
        <Button onClick={() => void load()}>刷新</Button>
        {writable && !draft && (
          <Button type="primary" onClick={() => void createDraft()}>
            新建草稿
          </Button>
        )}
        {writable && draft && (
          <Button type="primary" onClick={() => setPublishing(true)} data-testid="publish-open">
            发布第{draft.version}版
          </Button>
        )}
      </Space>
      <Feedback type="error" message={error} testId="catalogue-error" />
      <Feedback type="success" message={notice} testId="catalogue-notice" />
      <Table<ListVersionSummary>
        size="small"
        rowKey="version"
        dataSource={versions}
        pagination={false}
        data-testid="versions-table"
        style={{ marginBottom: 16 }}
        columns={[
          { title: '版本', dataIndex: 'version', render: (v: number) => `第${v}版` },
          { title: '名称', dataIndex: 'title' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) =>
              s === 'draft' ? <Tag color="orange">草稿</Tag> : <Tag color="green">已发布</Tag>,
          },
          { title: '生效日期', dataIndex: 'effectiveFrom', render: (v: string | null) => v ?? '—' },
          { title: '项目数', dataIndex: 'itemCount' },
          {
            title: '已应用到儿童',
            dataIndex: 'applied',
            render: (v: boolean, r) => (r.status === 'draft' ? '—' : v ? '是' : '待生效'),
          },
          {
            title: '操作',
            key: 'view',
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => void viewVersion(r.version)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      {shown && (
        <>
          <Typography.Title level={5} data-testid="shown-list">
            {shown.title}（第{shown.version}版，
            {shown.status === 'draft' ? '草稿' : `已发布，${shown.effectiveFrom ?? ''} 起生效`}
            {shown.source === 'city' && shown.divisionCode !== division
              ? '；本县区尚未发布，现行为市级基础清单'
              : ''}
            ）
          </Typography.Title>
          <Table<CatalogueItem>
            rowKey="code"
            loading={loading}
            dataSource={[...shown.items]}
            pagination={false}
            data-testid="items-table"
            columns={[
              { title: '编码', dataIndex: 'code' },
              { title: '服务领域', dataIndex: 'area' },
              { title: '服务项目', dataIndex: 'name' },
              { title: '服务对象', dataIndex: 'targetGroup' },
              { title: '服务内容', dataIndex: 'content', ellipsis: true },
              {
                title: '责任部门',
                dataIndex: 'departmentNames',
                render: (v: readonly string[]) => v.join('、'),
              },
              {
                title: '基础项目',
                dataIndex: 'nationalBasic',
                render: (v: boolean) => (v ? <Tag>国家基础</Tag> : null),
              },
              ...(writable && shown.status === 'draft'
                ? [
                    {
                      title: '操作',
                      key: 'edit',
                      render: (_: unknown, r: CatalogueItem) => (
                        <Button size="small" onClick={() => setEditing(r)}>
                          编辑
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {editing && shown && (
        <ItemDialog
          item={editing}
          onClose={() => setEditing(null)}
          onSave={async (patch) => {
            const list = await call<CatalogueList>(
              `/versions/${shown.version}/items/${encodeURIComponent(editing.code)}`,
              'PATCH',
              patch,
            );
            setShown(list);
            setEditing(null);
            setNotice(`已保存 ${editing.code}`);
          }}
        />
      )}
      {publishing && draft && (
        <PublishDialog
          version={draft.version}
          onClose={() => setPublishing(false)}
          onPublish={async (effectiveFrom) => {
            const list = await call<CatalogueList>(`/versions/${draft.version}/publish`, 'POST', {
              effectiveFrom,
            });
            setPublishing(false);
            await load();
            setShown(list);
            setNotice(`第${list.version}版已发布，${list.effectiveFrom ?? effectiveFrom} 起生效`);
          }}
        />
      )}
    </div>
  );
}

type ItemValues = { name: string; targetGroup: string; content: string; departments: string[] };

/** 编辑项目: the texts and the responsible departments (the API refuses narrowing a basic item, in its words). */
function ItemDialog(props: {
  item: CatalogueItem;
  onClose: () => void;
  onSave: (patch: ReturnType<typeof itemPatch>) => Promise<void>;
}) {
  const deployment = useDeployment();
  const [form] = Form.useForm<ItemValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    const values = await form.validateFields();
    const patch = itemPatch(props.item, values);
    if (Object.keys(patch).length === 0) return props.onClose();
    setBusy(true);
    setError(null);
    try {
      await props.onSave(patch);
    } catch (err) {
      setError(errorText(err, '保存失败'));
    } finally {
      setBusy(false);
    }
  };
  const text = (label: string) => [ruleOf((v) => checkText(label, v, ITEM_TEXT_MAX))];
  return (
    <FormDialog
      width={720}
      title={`编辑项目：${props.item.code} ${props.item.name}`}
      okText="保存"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {props.item.nationalBasic && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="基础项目只可提高标准、扩大范围：不得移除责任部门，不得缩小服务对象"
        />
      )}
      <Feedback type="error" message={error} testId="item-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: props.item.name,
          targetGroup: props.item.targetGroup,
          content: props.item.content,
          departments: [...props.item.departments],
        }}
      >
        <Form.Item label="服务项目" name="name" rules={text('服务项目')}>
          <Input />
        </Form.Item>
        <Form.Item label="服务对象" name="targetGroup" rules={text('服务对象')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item label="服务内容" name="content" rules={text('服务内容')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item
          label="责任部门"
          name="departments"
          rules={[{ type: 'array', min: 1, message: '至少选择一个责任部门' }]}
        >
          <Select
            mode="multiple"
            options={(deployment?.departments ?? []).map((d) => ({
              value: d.id,
              label: departmentName(deployment, d.id),
            }))}
          />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function PublishDialog(props: {
  version: number;
  onClose: () => void;
  onPublish: (effectiveFrom: string) => Promise<void>;
}) {
  const today = todayInChina(Date.now());
  const [form] = Form.useForm<{ effectiveFrom: string }>();
  const { busy, error, submit } = useFormSubmit(form, '发布失败', async ({ effectiveFrom }) => {
    await props.onPublish(effectiveFrom);
  });
  return (
    <FormDialog
      title={`发布第${props.version}版`}
      okText="发布"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <p>发布后本版不可再修改；生效之日起按本版重新计算本县区儿童的服务权益。</p>
      <Feedback type="error" message={error} testId="publish-error" />
      <Form form={form} layout="vertical" initialValues={{ effectiveFrom: today }}>
        <Form.Item
          label="生效日期"
          name="effectiveFrom"
          rules={[ruleOf((v) => checkDateNotBefore('生效日期', v, today))]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** 应享未享: per county × department counts, then the unserved items of one department. */
function GapsPanel(props: Props) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const counties = session.account.countyCodes;
  const ownDepartment =
    session.account.role === 'department-officer'
      ? departmentIdOfAccount(deployment, session.account.department)
      : undefined;
  const [countyCode, setCountyCode] = useState<string | undefined>(counties[0]);
  const [department, setDepartment] = useState<string | undefined>(ownDepartment);
  const [summary, setSummary] = useState<GapSummaryRow[]>([]);
  const [gaps, setGaps] = useState<GapPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (ownDepartment) setDepartment(ownDepartment);
  }, [ownDepartment]);

  const load = useCallback(async () => {
    if (!countyCode) return;
    setLoading(true);
    setError(null);
    try {
      const query = { countyCode, department };
      const [s, g] = await Promise.all([
        requestJson<{ rows: GapSummaryRow[] }>(
          apiPath('catalogue', '/v1/gaps/summary', query),
          { token: session.accessToken },
          onUnauthorized,
        ),
        requestJson<GapPage>(
          apiPath('catalogue', '/v1/gaps', { ...query, limit: '200' }),
          { token: session.accessToken },
          onUnauthorized,
        ),
      ]);
      setSummary(s.rows);
      setGaps(g);
    } catch (err) {
      setError(errorText(err, '应享未享加载失败'));
    } finally {
      setLoading(false);
    }
  }, [countyCode, department, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>县区：</span>
        <Select
          style={{ width: 200 }}
          value={countyCode}
          onChange={setCountyCode}
          options={counties.map((c) => ({ value: c, label: areaLabel(deployment, c) }))}
        />
        <span>责任部门：</span>
        <Select
          style={{ width: 200 }}
          allowClear={ownDepartment === undefined}
          disabled={ownDepartment !== undefined}
          placeholder="全部部门"
          value={department}
          onChange={(v: string | undefined) => setDepartment(v)}
          data-testid="gaps-department"
          options={(deployment?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        <Button onClick={() => void load()} data-testid="gaps-refresh">
          刷新
        </Button>
      </Space>
      <Feedback type="error" message={error} testId="gaps-error" />
      <Table<GapSummaryRow>
        size="small"
        rowKey={(r) => `${r.countyCode}|${r.department}`}
        loading={loading}
        dataSource={summary}
        pagination={false}
        style={{ marginBottom: 16 }}
        data-testid="gaps-summary"
        locale={{ emptyText: '没有应享未享的服务' }}
        columns={[
          { title: '县区', dataIndex: 'countyCode', render: (v: string) => areaName(deployment, v) },
          { title: '责任部门', dataIndex: 'departmentName' },
          { title: '应享未享（项次）', dataIndex: 'unserved' },
          { title: '最长未享天数', dataIndex: 'oldestDays' },
          { title: '平均天数', dataIndex: 'averageDays' },
        ]}
      />
      <Table<GapRow>
        rowKey={(r) => `${r.childId}|${r.itemCode}`}
        loading={loading}
        dataSource={[...(gaps?.gaps ?? [])]}
        pagination={false}
        data-testid="gaps-table"
        locale={{ emptyText: '没有应享未享的服务' }}
        columns={[
          { title: '儿童编号', dataIndex: 'childId' },
          { title: '县区', dataIndex: 'countyCode', render: (v: string) => areaName(deployment, v) },
          { title: '服务项目', key: 'item', render: (_: unknown, r) => `${r.itemCode} ${r.itemName}` },
          {
            title: '责任部门',
            dataIndex: 'departments',
            render: (v: readonly string[]) => v.map((d) => departmentName(deployment, d)).join('、'),
          },
          { title: '享有日期', dataIndex: 'grantedOn' },
          { title: '未享天数', dataIndex: 'daysOpen' },
        ]}
      />
      {gaps?.nextCursor && <Typography.Text type="secondary">仅显示前200条</Typography.Text>}
    </div>
  );
}

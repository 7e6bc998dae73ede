import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Space, Table, Tag } from 'antd';
import { apiPath, requestFile, requestJson } from './api';
import { areaName, difficultyName } from './deployment';
import {
  VISIT_STATUS_LABELS,
  todayInChina,
  visitStatus,
  type EntryPage,
  type KeyCareEntry,
  type OverduePage,
  type VisitStatus,
} from './ledger';
import { ChangeEntryDialog, CloseEntryDialog } from './LedgerEntryDialogs';
import { canExportLedger, canImport } from './registry';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, saveFile, useDeployment, useFormSubmit } from './ui';
import { FINDINGS_MAX, WORKER_ID_MAX, checkDate, checkDateNotAfter, checkText } from './validation';

const PAGE_SIZE = '100';
const STATUS_COLORS: Readonly<Record<VisitStatus, string>> = {
  overdue: 'red',
  'due-soon': 'orange',
  planned: 'blue',
  none: 'default',
};

interface PanelProps {
  readonly session: Session;
  readonly countyCode: string;
  readonly onUnauthorized: () => void;
}

/** 重点关爱台账: the county's open entries with their next visit, a visit recorded, the Attachment 1 export. */
export function KeyCarePanel(props: PanelProps) {
  const { session, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
  const [rows, setRows] = useState<KeyCareEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [visiting, setVisiting] = useState<KeyCareEntry | null>(null);
  const [changing, setChanging] = useState<KeyCareEntry | null>(null);
  const [closing, setClosing] = useState<KeyCareEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const today = todayInChina(Date.now());

  const load = useCallback(
    async (cursor?: string) => {
      if (!countyCode) return;
      setLoading(true);
      setError(null);
      try {
        const page = await requestJson<EntryPage>(
          apiPath('registry', '/v1/key-care/entries', { countyCode, pageSize: PAGE_SIZE, cursor }),
          { token: session.accessToken },
          onUnauthorized,
        );
        setRows((old) => (cursor ? [...old, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (err) {
        setError(errorText(err, '台账加载失败'));
      } finally {
        setLoading(false);
      }
    },
    [countyCode, session.accessToken, onUnauthorized],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const exportLedger = async (): Promise<void> => {
    setExporting(true);
    setError(null);
    try {
      saveFile(
        await requestFile(
          apiPath('registry', '/v1/key-care/export.xlsx', { countyCode }),
          `重点关爱服务对象信息台账-${countyCode}.xlsx`,
          { token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '导出失败'));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Button onClick={() => void load()}>刷新</Button>
        {canExportLedger(session.account.role) && (
          <Button onClick={() => void exportLedger()} loading={exporting} data-testid="ledger-export">
            导出台账（附件1格式，个人信息脱敏）
          </Button>
        )}
      </Space>
      <Feedback type="error" message={error} testId="ledger-error" />
      <Feedback type="success" message={notice} testId="ledger-notice" onClose={() => setNotice(null)} />
      <Table<KeyCareEntry>
        rowKey="entryId"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="ledger-table"
        columns={[
          { title: '儿童编号', dataIndex: 'childId' },
          { title: '乡镇/街道', dataIndex: 'townshipCode', render: (v: string) => areaName(deployment, v) },
          {
            title: '困境类型',
            dataIndex: 'difficultyTypes',
            render: (v: readonly string[]) =>
              v.map((t) => <Tag key={t}>{difficultyName(deployment, t)}</Tag>),
          },
          { title: '建档日期', dataIndex: 'openedOn' },
          {
            title: '就读学校/年级',
            key: 'school',
            render: (_: unknown, r) => [r.school, r.grade].filter(Boolean).join('/'),
          },
          { title: '走访责任人', dataIndex: 'visitWorkerId', render: (v: string) => v || '未指定' },
          { title: '应走访日期', key: 'dueOn', render: (_: unknown, r) => r.nextVisit?.dueOn ?? '—' },
          {
            title: '走访状态',
            key: 'visit',
            render: (_: unknown, r) => {
              const status = visitStatus(r, today);
              const overdueDays = r.nextVisit?.daysOverdue ?? 0;
              return (
                <Tag color={STATUS_COLORS[status]} data-testid="visit-status">
                  {VISIT_STATUS_LABELS[status]}
                  {status === 'overdue' && overdueDays > 0 ? `（${overdueDays}天）` : ''}
                </Tag>
              );
            },
          },
          { title: '走访次数', key: 'visits', render: (_: unknown, r) => r.visits.length },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) =>
              r.status === 'open' ? (
                <Space size="small">
                  <Button size="small" onClick={() => setVisiting(r)}>
                    登记走访
                  </Button>
                  {canImport(session.account.role) && (
                    <>
                      <Button size="small" onClick={() => setChanging(r)}>
                        变更
                      </Button>
                      <Button size="small" danger onClick={() => setClosing(r)}>
                        销档
                      </Button>
                    </>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      {nextCursor && (
        <Button style={{ marginTop: 16 }} onClick={() => void load(nextCursor)} loading={loading}>
          加载更多
        </Button>
      )}
      {visiting && (
        <VisitDialog
          entry={visiting}
          session={session}
          today={today}
          onUnauthorized={onUnauthorized}
          onClose={() => setVisiting(null)}
          onRecorded={(entry) => {
            setRows((old) => old.map((r) => (r.entryId === entry.entryId ? entry : r)));
            setVisiting(null);
          }}
        />
      )}
      {changing && (
        <ChangeEntryDialog
          entry={changing}
          session={session}
          today={today}
          onUnauthorized={onUnauthorized}
          onClose={() => setChanging(null)}
          onSaved={(entry) => {
            setRows((old) => old.map((r) => (r.entryId === entry.entryId ? entry : r)));
            setChanging(null);
            setNotice(`台账已变更（${entry.childId}）`);
          }}
        />
      )}
      {closing && (
        <CloseEntryDialog
          entry={closing}
          session={session}
          today={today}
          onUnauthorized={onUnauthorized}
          onClose={() => setClosing(null)}
          onSaved={(entry) => {
            // The list is of open entries: a closed one leaves it (the child's page keeps it as 已销档).
            setRows((old) => old.filter((r) => r.entryId !== entry.entryId));
            setClosing(null);
            setNotice(`已销档（${entry.childId}，${entry.closedOn ?? ''}）`);
          }}
        />
      )}
    </div>
  );
}

/** 登记走访: the API checks the date against the entry's opening and its last visit too. */
function VisitDialog(props: {
  entry: KeyCareEntry;
  session: Session;
  today: string;
  onUnauthorized: () => void;
  onClose: () => void;
  onRecorded: (entry: KeyCareEntry) => void;
}) {
  const [form] = Form.useForm<{ visitedOn: string; workerId: string; findings: string }>();

  const { busy, error, submit } = useFormSubmit(form, '登记走访失败', async (values) => {
    props.onRecorded(
      await requestJson<KeyCareEntry>(
        apiPath('registry', `/v1/key-care/entries/${encodeURIComponent(props.entry.entryId)}/visits`),
        {
          method: 'POST',
          token: props.session.accessToken,
          body: {
            countyCode: props.entry.countyCode,
            visitedOn: values.visitedOn,
            workerId: values.workerId.trim(),
            findings: values.findings.trim(),
          },
        },
        props.onUnauthorized,
      ),
    );
  });

  return (
    <FormDialog
      title={`登记走访：${props.entry.childId}`}
      okText="保存"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Feedback type="error" message={error} testId="visit-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          visitedOn: props.today,
          workerId: props.entry.visitWorkerId || props.session.account.userId,
          findings: '',
        }}
      >
        <Form.Item
          label="走访日期"
          name="visitedOn"
          rules={[ruleOf((v) => checkDateNotAfter('走访日期', v, props.today))]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          label="走访人"
          name="workerId"
          rules={[ruleOf((v) => checkText('走访人', v, WORKER_ID_MAX))]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="走访情况"
          name="findings"
          rules={[ruleOf((v) => checkText('走访情况', v, FINDINGS_MAX))]}
          extra="只写走访所见，不要填写身份证号、电话等个人信息"
        >
          <Input.TextArea rows={4} maxLength={FINDINGS_MAX} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** 走访提醒: visits overdue on a day (default today), the longest overdue first. */
export function OverduePanel(props: PanelProps) {
  const { session, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
  const [asOf, setAsOf] = useState(todayInChina(Date.now()));
  const [page, setPage] = useState<OverduePage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (day: string) => {
      if (!countyCode) return;
      const problem = checkDate('判定日期', day);
      if (problem) return setError(problem);
      setLoading(true);
      setError(null);
      try {
        setPage(
          await requestJson<OverduePage>(
            apiPath('registry', '/v1/key-care/overdue', { countyCode, asOf: day, pageSize: '500' }),
            { token: session.accessToken },
            onUnauthorized,
          ),
        );
      } catch (err) {
        setError(errorText(err, '逾期清单加载失败'));
      } finally {
        setLoading(false);
      }
    },
    [countyCode, session.accessToken, onUnauthorized],
  );

  useEffect(() => {
    void load(todayInChina(Date.now()));
  }, [load]);

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <span>判定日期：</span>
        <Input
          style={{ width: 140 }}
          value={asOf}
          onChange={(e) => setAsOf(e.target.value)}
          placeholder="YYYY-MM-DD"
          aria-label="判定日期"
        />
        <Button onClick={() => void load(asOf)}>查询逾期未走访</Button>
      </Space>
      <Feedback type="error" message={error} testId="overdue-error" />
      {page && (
        <Alert
          type={page.items.length > 0 ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="overdue-summary"
          message={
            page.items.length > 0
              ? `截至 ${page.asOf}，逾期未走访 ${page.items.length} 人`
              : `截至 ${page.asOf}，没有逾期未走访的儿童`
          }
        />
      )}
      <Table
        rowKey="visitId"
        loading={loading}
        dataSource={page?.items ?? []}
        pagination={false}
        data-testid="overdue-table"
        columns={[
          { title: '儿童编号', dataIndex: 'childId' },
          { title: '乡镇/街道', dataIndex: 'townshipCode', render: (v: string) => areaName(deployment, v) },
          { title: '走访责任人', dataIndex: 'workerId', render: (v: string) => v || '未指定' },
          { title: '应走访日期', dataIndex: 'dueOn' },
          { title: '逾期天数', dataIndex: 'daysOverdue' },
        ]}
      />
    </div>
  );
}

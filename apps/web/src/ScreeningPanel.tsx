import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Card, Form, Input, Popconfirm, Progress, Select, Space, Table, Tag } from 'antd';
import { apiPath, requestJson } from './api';
import {
  OUTCOME_LABELS,
  ROUND_STATUS_LABELS,
  WORKER_KIND_LABELS,
  coveragePercent,
  periodLabel,
  summaryText,
  type RoundPage,
  type RoundSummary,
  type ScreeningOutcome,
  type ScreeningRound,
  type UncoveredChild,
} from './children';
import { areaName } from './deployment';
import { todayInChina } from './ledger';
import { canImport } from './registry';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';
import {
  WORKER_ID_MAX,
  checkDateNotAfter,
  checkOpenablePeriod,
  checkText,
  openablePeriods,
} from './validation';

interface PanelProps {
  readonly session: Session;
  readonly countyCode: string;
  readonly onUnauthorized: () => void;
}

function Coverage(props: { summary: RoundSummary }) {
  return (
    <Space direction="vertical" size={0} style={{ minWidth: 240 }}>
      <Progress percent={coveragePercent(props.summary)} size="small" />
      <span style={{ fontSize: 12 }}>{summaryText(props.summary)}</span>
    </Space>
  );
}

/**
 * 摸排: the county's screening rounds (one open per half-year), a round opened for this or the
 * next half-year, townships assigned to a worker, results recorded for the children not yet
 * covered, the coverage per township, and the round closed with its tally frozen.
 */
export function ScreeningPanel(props: PanelProps) {
  const { session, countyCode, onUnauthorized } = props;
  const [rounds, setRounds] = useState<ScreeningRound[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const [form] = Form.useForm<{ period: string }>();
  const today = todayInChina(Date.now());
  const writer = canImport(session.account.role);

  const load = useCallback(async () => {
    if (!countyCode) return;
    setLoading(true);
    setError(null);
    try {
      const page = await requestJson<RoundPage>(
        apiPath('registry', '/v1/screening/rounds', { countyCode, pageSize: '100' }),
        { token: session.accessToken },
        onUnauthorized,
      );
      setRounds(page.items);
    } catch (err) {
      setError(errorText(err, '摸排轮次加载失败'));
    } finally {
      setLoading(false);
    }
  }, [countyCode, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = (round: ScreeningRound): void =>
    setRounds((old) =>
      old.some((r) => r.roundId === round.roundId)
        ? old.map((r) => (r.roundId === round.roundId ? round : r))
        : [round, ...old],
    );

  const open = async (): Promise<void> => {
    const { period } = await form.validateFields();
    setOpening(true);
    setError(null);
    try {
      const round = await requestJson<ScreeningRound>(
        apiPath('registry', '/v1/screening/rounds'),
        { method: 'POST', token: session.accessToken, body: { countyCode, period } },
        onUnauthorized,
      );
      replace(round);
      setSelected(round.roundId);
    } catch (err) {
      setError(errorText(err, '开启摸排轮次失败'));
    } finally {
      setOpening(false);
    }
  };

  const current = rounds.find((r) => r.roundId === selected) ?? null;
  return (
    <div>
      {writer && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16 }}
          initialValues={{ period: openablePeriods(today)[0] }}
        >
          <Form.Item label="摸排周期" name="period" rules={[ruleOf((v) => checkOpenablePeriod(v, today))]}>
            <Select
              style={{ width: 200 }}
              data-testid="round-period"
              options={openablePeriods(today).map((p) => ({ value: p, label: `${periodLabel(p)}（${p}）` }))}
            />
          </Form.Item>
          <Button type="primary" loading={opening} onClick={() => void open().catch(() => undefined)}>
            开启摸排轮次
          </Button>
          <Button style={{ marginLeft: 8 }} onClick={() => void load()}>
            刷新
          </Button>
        </Form>
      )}
      <Feedback type="error" message={error} testId="screening-error" />
      <Table<ScreeningRound>
        rowKey="roundId"
        loading={loading}
        dataSource={rounds}
        pagination={false}
        data-testid="rounds-table"
        columns={[
          { title: '摸排周期', dataIndex: 'period', render: (v: string) => `${periodLabel(v)}（${v}）` },
          {
            title: '状态',
            dataIndex: 'status',
            render: (v: ScreeningRound['status']) => (
              <Tag color={v === 'open' ? 'green' : 'default'}>{ROUND_STATUS_LABELS[v]}</Tag>
            ),
          },
          { title: '开启日期', dataIndex: 'openedOn' },
          { title: '结束日期', dataIndex: 'closedOn', render: (v: string | null) => v ?? '—' },
          { title: '覆盖情况', key: 'coverage', render: (_: unknown, r) => <Coverage summary={r.summary} /> },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => setSelected(r.roundId)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      {current && (
        <RoundDetail
          key={current.roundId}
          round={current}
          session={session}
          writer={writer}
          today={today}
          onUnauthorized={onUnauthorized}
          onChanged={replace}
        />
      )}
    </div>
  );
}

function RoundDetail(props: {
  round: ScreeningRound;
  session: Session;
  writer: boolean;
  today: string;
  onUnauthorized: () => void;
  onChanged: (round: ScreeningRound) => void;
}) {
  const { round, session, onUnauthorized } = props;
  const deployment = useDeployment();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uncovered, setUncovered] = useState<UncoveredChild[]>([]);
  const [recording, setRecording] = useState<UncoveredChild | null>(null);
  const [assign] = Form.useForm<{
    townshipCode: string;
    workerId: string;
    workerKind: string;
    workerName?: string;
  }>();
  const townships = deployment?.townships[round.countyCode] ?? [];
  const isOpen = round.status === 'open';
  const onChanged = useRef(props.onChanged);
  onChanged.current = props.onChanged;

  const refresh = useCallback(async () => {
    try {
      const [fresh, page] = await Promise.all([
        requestJson<ScreeningRound>(
          apiPath('registry', `/v1/screening/rounds/${encodeURIComponent(round.roundId)}`, {
            countyCode: round.countyCode,
          }),
          { token: session.accessToken },
          onUnauthorized,
        ),
        requestJson<{ items: UncoveredChild[] }>(
          apiPath('registry', `/v1/screening/rounds/${encodeURIComponent(round.roundId)}/uncovered`, {
            countyCode: round.countyCode,
            pageSize: '200',
          }),
          { token: session.accessToken },
          onUnauthorized,
        ),
      ]);
      onChanged.current(fresh);
      setUncovered(page.items);
    } catch (err) {
      setError(errorText(err, '摸排轮次加载失败'));
    }
  }, [round.roundId, round.countyCode, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const call = async (path: string, body: Record<string, unknown>, fallback: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(
        await requestJson<ScreeningRound>(
          apiPath('registry', path),
          { method: 'POST', token: session.accessToken, body: { countyCode: round.countyCode, ...body } },
          onUnauthorized,
        ),
      );
      return true;
    } catch (err) {
      setError(errorText(err, fallback));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const assignTownship = async (): Promise<void> => {
    const v = await assign.validateFields();
    const ok = await call(
      `/v1/screening/rounds/${encodeURIComponent(round.roundId)}/townships`,
      {
        townshipCode: v.townshipCode,
        workerId: v.workerId.trim(),
        workerKind: v.workerKind,
        ...(v.workerName?.trim() ? { workerName: v.workerName.trim() } : {}),
      },
      '分配失败',
    );
    if (ok) void refresh();
  };

  const close = async (): Promise<void> => {
    if (await call(`/v1/screening/rounds/${encodeURIComponent(round.roundId)}/close`, {}, '结束摸排轮次失败'))
      setUncovered([]);
  };

  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="round-detail"
      title={`${periodLabel(round.period)}摸排（${round.startsOn} 至 ${round.endsOn}）`}
      extra={
        isOpen && props.writer ? (
          <Popconfirm
            title="结束摸排轮次"
            description="结束后汇总将固定，不能再分配或登记结果。"
            okText="结束"
            cancelText="取消"
            onConfirm={() => void close()}
          >
            <Button danger loading={busy}>
              结束摸排轮次
            </Button>
          </Popconfirm>
        ) : (
          <Tag>{ROUND_STATUS_LABELS[round.status]}</Tag>
        )
      }
    >
      <Feedback type="error" message={error} testId="round-error" />
      <div data-testid="round-summary" style={{ marginBottom: 16 }}>
        {isOpen ? '本轮进度：' : `已于 ${round.closedOn ?? ''} 结束，固定汇总：`}
        {summaryText(round.summary)}
      </div>
      <Table<RoundSummary & { townshipCode: string }>
        rowKey="townshipCode"
        size="small"
        pagination={false}
        dataSource={round.byTownship}
        data-testid="round-townships"
        columns={[
          { title: '乡镇/街道', dataIndex: 'townshipCode', render: (v: string) => areaName(deployment, v) },
          {
            title: '摸排人员',
            key: 'worker',
            render: (_: unknown, r) => {
              const a = round.townships.find((t) => t.townshipCode === r.townshipCode);
              return a
                ? `${a.workerName || a.workerId}（${WORKER_KIND_LABELS[a.workerKind] ?? a.workerKind}）`
                : '—';
            },
          },
          { title: '覆盖情况', key: 'coverage', render: (_: unknown, r) => <Coverage summary={r} /> },
        ]}
      />
      {isOpen && props.writer && (
        <Form
          form={assign}
          layout="inline"
          style={{ marginTop: 16 }}
          initialValues={{ workerKind: 'child-director' }}
          data-testid="assign-form"
        >
          <Form.Item
            label="乡镇（街道）"
            name="townshipCode"
            rules={[ruleOf((v) => (v ? null : '请选择乡镇（街道）'))]}
          >
            <Select
              style={{ width: 200 }}
              showSearch
              optionFilterProp="label"
              options={townships.map((t) => ({ value: t.code, label: t.name }))}
              data-testid="assign-township"
            />
          </Form.Item>
          <Form.Item
            label="摸排人员"
            name="workerId"
            rules={[ruleOf((v) => checkText('摸排人员', v, WORKER_ID_MAX))]}
          >
            <Input style={{ width: 140 }} placeholder="用户标识" />
          </Form.Item>
          <Form.Item label="类别" name="workerKind">
            <Select
              style={{ width: 160 }}
              options={Object.entries(WORKER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Button loading={busy} onClick={() => void assignTownship().catch(() => undefined)}>
            分配
          </Button>
        </Form>
      )}
      {isOpen && (
        <Table<UncoveredChild>
          style={{ marginTop: 16 }}
          rowKey="childId"
          size="small"
          pagination={false}
          dataSource={uncovered}
          data-testid="uncovered-table"
          title={() => `尚未覆盖的儿童（${uncovered.length}）`}
          columns={[
            { title: '儿童编号', dataIndex: 'childId' },
            { title: '乡镇/街道', dataIndex: 'townshipCode', render: (v: string) => areaName(deployment, v) },
            {
              title: '分配',
              dataIndex: 'assigned',
              render: (v: boolean, r) => (v ? `已分配 ${r.workerId}` : <Tag color="orange">未分配</Tag>),
            },
            { title: '最近核实日期', dataIndex: 'lastVerifiedOn' },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, r) => (
                <Button size="small" onClick={() => setRecording(r)}>
                  登记结果
                </Button>
              ),
            },
          ]}
        />
      )}
      {recording && (
        <ResultDialog
          round={round}
          child={recording}
          session={session}
          today={props.today}
          onUnauthorized={onUnauthorized}
          onClose={() => setRecording(null)}
          onRecorded={() => {
            setRecording(null);
            void refresh();
          }}
        />
      )}
    </Card>
  );
}

/** 登记摸排结果: found or confirmed also marks the child verified (the registry does it). */
function ResultDialog(props: {
  round: ScreeningRound;
  child: UncoveredChild;
  session: Session;
  today: string;
  onUnauthorized: () => void;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const [form] = Form.useForm<{
    outcome: ScreeningOutcome;
    visitedOn: string;
    workerId: string;
    note?: string;
  }>();

  const { busy, error, submit } = useFormSubmit(form, '登记摸排结果失败', async (v) => {
    await requestJson(
      apiPath('registry', `/v1/screening/rounds/${encodeURIComponent(props.round.roundId)}/results`),
      {
        method: 'POST',
        token: props.session.accessToken,
        body: {
          countyCode: props.round.countyCode,
          childId: props.child.childId,
          outcome: v.outcome,
          visitedOn: v.visitedOn,
          workerId: v.workerId.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      },
      props.onUnauthorized,
    );
    props.onRecorded();
  });

  return (
    <FormDialog
      title={`登记摸排结果：${props.child.childId}`}
      okText="保存"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Feedback type="error" message={error} testId="result-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          outcome: 'found',
          visitedOn: props.today,
          workerId: props.child.workerId || props.session.account.userId,
        }}
      >
        <Form.Item label="摸排结果" name="outcome">
          <Select
            options={(Object.keys(OUTCOME_LABELS) as ScreeningOutcome[]).map((k) => ({
              value: k,
              label: OUTCOME_LABELS[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          label="摸排日期"
          name="visitedOn"
          rules={[ruleOf((v) => checkDateNotAfter('摸排日期', v, props.today))]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          label="摸排人员"
          name="workerId"
          rules={[ruleOf((v) => checkText('摸排人员', v, WORKER_ID_MAX))]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="说明"
          name="note"
          rules={[ruleOf((v) => checkText('说明', v, 500, false))]}
          extra="勿填写姓名、身份证号、电话等个人信息"
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Radio, Select, Space, Table, Tag } from 'antd';
import { apiPath, requestJson } from './api';
import { areaLabel, areaName } from './deployment';
import {
  RESOLUTIONS,
  RESOLUTION_LABELS,
  checkResolution,
  resolutionLabel,
  type ComparisonTask,
  type Resolution,
  type TaskPage,
} from './gateway';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';

/** 跨区域比对: differences between a partner city's record and ours, due first; each settled by saying which side is right. */
export function GatewayWorkspace(props: { session: Session; onUnauthorized: () => void }) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const counties = session.account.countyCodes;
  const [countyCode, setCountyCode] = useState<string | undefined>(counties[0]);
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [page, setPage] = useState<TaskPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [resolving, setResolving] = useState<ComparisonTask | null>(null);

  const load = useCallback(async () => {
    if (!countyCode) return;
    setLoading(true);
    setError(null);
    try {
      setPage(
        await requestJson<TaskPage>(
          apiPath('gateway', '/v1/comparison-tasks', { countyCode, status, limit: '200' }),
          { token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '比对差异任务加载失败'));
    } finally {
      setLoading(false);
    }
  }, [countyCode, status, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card title="跨区域比对差异">
      <Space style={{ marginBottom: 16 }} wrap>
        <span>县区：</span>
        <Select
          style={{ width: 200 }}
          value={countyCode}
          onChange={setCountyCode}
          options={counties.map((c) => ({ value: c, label: areaLabel(deployment, c) }))}
        />
        <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'resolved')}>
          <Radio.Button value="open">待处理</Radio.Button>
          <Radio.Button value="resolved">已处理</Radio.Button>
        </Radio.Group>
        <Button onClick={() => void load()} data-testid="tasks-refresh">
          刷新
        </Button>
      </Space>
      <Feedback type="error" message={error} testId="tasks-error" />
      <Feedback type="success" message={notice} testId="tasks-notice" />
      {page && <p>共 {page.total} 项（到期早的在前；取值已脱敏）</p>}
      <Table<ComparisonTask>
        rowKey="id"
        loading={loading}
        dataSource={page?.items ?? []}
        pagination={false}
        data-testid="tasks-table"
        locale={{ emptyText: status === 'open' ? '没有待处理的差异' : '没有已处理的差异' }}
        columns={[
          { title: '对方城市', dataIndex: 'peerCity', render: (v: string) => areaName(deployment, v) },
          {
            title: '本市儿童编号',
            dataIndex: 'localChildId',
            render: (v: string | null) => v ?? '本市无此儿童',
          },
          { title: '差异', dataIndex: 'kindLabel' },
          { title: '字段', dataIndex: 'fieldLabel', render: (v: string | null) => v ?? '—' },
          { title: '居住地记录', dataIndex: 'residenceValue', render: (v: string | null) => v ?? '—' },
          { title: '户籍地记录', dataIndex: 'hukouValue', render: (v: string | null) => v ?? '—' },
          {
            title: '处理期限',
            dataIndex: 'dueOn',
            render: (v: string, r) =>
              r.overdue && r.status === 'open' ? <Tag color="red">{v} 已逾期</Tag> : v,
          },
          ...(status === 'resolved'
            ? [
                {
                  title: '处理结论',
                  key: 'resolution',
                  render: (_: unknown, r: ComparisonTask) =>
                    `${resolutionLabel(r.resolution)}（${r.resolvedBy ?? ''}）`,
                },
              ]
            : [
                {
                  title: '操作',
                  key: 'resolve',
                  render: (_: unknown, r: ComparisonTask) => (
                    <Button size="small" type="primary" onClick={() => setResolving(r)}>
                      处理
                    </Button>
                  ),
                },
              ]),
        ]}
      />
      {resolving && (
        <ResolveDialog
          task={resolving}
          onClose={() => setResolving(null)}
          onResolve={async (resolution) => {
            await requestJson<ComparisonTask>(
              apiPath('gateway', `/v1/comparison-tasks/${encodeURIComponent(resolving.id)}/resolve`),
              {
                method: 'POST',
                body: { resolution, version: resolving.version },
                token: session.accessToken,
              },
              onUnauthorized,
            );
            setResolving(null);
            setNotice(
              `已处理：${resolving.kindLabel}${resolving.fieldLabel ? `（${resolving.fieldLabel}）` : ''}——${RESOLUTION_LABELS[resolution]}`,
            );
            await load();
          }}
        />
      )}
    </Card>
  );
}

function ResolveDialog(props: {
  task: ComparisonTask;
  onClose: () => void;
  onResolve: (resolution: Resolution) => Promise<void>;
}) {
  const [form] = Form.useForm<{ resolution: Resolution }>();
  const { busy, error, submit } = useFormSubmit(form, '处理失败', async ({ resolution }) => {
    await props.onResolve(resolution);
  });
  const { task } = props;
  return (
    <FormDialog
      title={`处理差异：${task.kindLabel}${task.fieldLabel ? `（${task.fieldLabel}）` : ''}`}
      okText="提交"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <p>
        居住地记录：{task.residenceValue ?? '—'}；户籍地记录：{task.hukouValue ?? '—'}
      </p>
      <Feedback type="error" message={error} testId="resolve-error" />
      <Form form={form} layout="vertical">
        <Form.Item label="处理结论" name="resolution" rules={[ruleOf(checkResolution)]}>
          <Radio.Group>
            <Space direction="vertical">
              {RESOLUTIONS.map((r) => (
                <Radio key={r} value={r}>
                  {RESOLUTION_LABELS[r]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Result, Select, Space, Table, Tag } from 'antd';
import { apiPath, requestJson } from './api';
import {
  OUTCOME_LABELS,
  canRecordDelivery,
  departmentServicesFor,
  type WorklistEntry,
  type WorklistPage,
} from './department';
import {
  DEPARTMENT_SERVICE_LABELS,
  areaLabel,
  areaName,
  departmentName,
  type DepartmentService,
} from './deployment';
import { todayInChina } from './ledger';
import type { Session } from './session';
import { errorText, Feedback, FormDialog, ruleOf, useDeployment, useFormSubmit } from './ui';
import {
  DELIVERY_REASON_MAX,
  checkDateNotAfter,
  checkDeliveryReason,
  type DeliveryOutcome,
} from './validation';

const PAGE = 100;

/** 部门工作台: the children owed the department's items in my counties, overdue first, and the delivery form. */
export function DepartmentWorkspace(props: { session: Session; onUnauthorized: () => void }) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const services = departmentServicesFor(deployment, session.account.role, session.account.department);
  const [service, setService] = useState<DepartmentService | undefined>();
  const counties = session.account.countyCodes;
  const [countyCode, setCountyCode] = useState<string | undefined>(counties[0]);
  const [page, setPage] = useState<WorklistPage | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [serving, setServing] = useState<WorklistEntry | null>(null);
  const current = service ?? services[0];

  const load = useCallback(async () => {
    if (!current || !countyCode) return;
    setLoading(true);
    setError(null);
    try {
      setPage(
        await requestJson<WorklistPage>(
          apiPath(current, '/v1/worklist', {
            countyCode,
            offset: String(offset),
            limit: String(PAGE),
            overdueOnly: overdueOnly ? 'true' : undefined,
          }),
          { token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '待服务名单加载失败'));
    } finally {
      setLoading(false);
    }
  }, [current, countyCode, offset, overdueOnly, session.accessToken, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  if (deployment && services.length === 0) {
    return <Result status="403" title="没有可用的部门工作台" subTitle="您所在的部门没有对应的部门服务。" />;
  }
  const recording = canRecordDelivery(session.account.role);
  return (
    <Card title={`部门工作台：${current ? DEPARTMENT_SERVICE_LABELS[current] : ''}`}>
      <Space style={{ marginBottom: 16 }} wrap>
        {services.length > 1 && (
          <Select
            style={{ width: 280 }}
            value={current}
            onChange={(v: DepartmentService) => {
              setService(v);
              setOffset(0);
            }}
            options={services.map((s) => ({ value: s, label: DEPARTMENT_SERVICE_LABELS[s] }))}
          />
        )}
        <span>县区：</span>
        <Select
          style={{ width: 200 }}
          value={countyCode}
          onChange={(v: string) => {
            setCountyCode(v);
            setOffset(0);
          }}
          options={counties.map((c) => ({ value: c, label: areaLabel(deployment, c) }))}
        />
        <Select
          style={{ width: 140 }}
          value={overdueOnly ? 'overdue' : 'all'}
          onChange={(v: string) => {
            setOverdueOnly(v === 'overdue');
            setOffset(0);
          }}
          options={[
            { value: 'all', label: '全部待服务' },
            { value: 'overdue', label: '只看已逾期' },
          ]}
        />
        <Button onClick={() => void load()} data-testid="worklist-refresh">
          刷新
        </Button>
      </Space>
      <Feedback type="error" message={error} testId="worklist-error" />
      <Feedback type="success" message={notice} testId="worklist-notice" />
      {page && (
        <p data-testid="worklist-total">
          截至 {page.asOf}，待服务 {page.total} 项（逾期最久的在前）
        </p>
      )}
      <Table<WorklistEntry>
        rowKey={(r) => `${r.childId}|${r.itemCode}`}
        loading={loading}
        dataSource={[...(page?.rows ?? [])]}
        data-testid="worklist-table"
        locale={{ emptyText: '没有待服务的儿童' }}
        pagination={
          page && page.total > PAGE
            ? {
                current: offset / PAGE + 1,
                pageSize: PAGE,
                total: page.total,
                onChange: (p) => setOffset((p - 1) * PAGE),
              }
            : false
        }
        columns={[
          { title: '儿童编号', dataIndex: 'childId' },
          {
            title: '乡镇/街道',
            dataIndex: 'townshipCode',
            render: (v: string) => areaName(deployment, v) || '—',
          },
          {
            title: '服务项目',
            key: 'item',
            render: (_: unknown, r: WorklistEntry) =>
              r.itemName ? `${r.itemCode} ${r.itemName}` : r.itemCode,
          },
          {
            title: '责任部门',
            dataIndex: 'departments',
            render: (v: readonly string[]) => v.map((d) => departmentName(deployment, d)).join('、'),
          },
          { title: '享有日期', dataIndex: 'grantedOn' },
          { title: '应服务日期', dataIndex: 'dueOn' },
          {
            title: '状态',
            key: 'state',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.overdue ? <Tag color="red">逾期{r.daysOverdue}天</Tag> : <Tag>未到期</Tag>}
                {r.keyCare && <Tag color="purple">重点关爱</Tag>}
                {r.pending && <Tag color="blue">办理中（{r.pending.onDate}）</Tag>}
              </Space>
            ),
          },
          ...(recording
            ? [
                {
                  title: '操作',
                  key: 'serve',
                  render: (_: unknown, r: WorklistEntry) => (
                    <Button size="small" type="primary" onClick={() => setServing(r)}>
                      登记服务
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {serving && current && (
        <DeliveryDialog
          entry={serving}
          onClose={() => setServing(null)}
          onRecord={async (body) => {
            await requestJson(
              apiPath(current, '/v1/deliveries'),
              {
                method: 'POST',
                body: { childId: serving.childId, itemCode: serving.itemCode, ...body },
                token: session.accessToken,
              },
              onUnauthorized,
            );
            setServing(null);
            setNotice(
              `已登记：${serving.childId} ${serving.itemCode} ${OUTCOME_LABELS[body.outcome]}（${body.onDate}）`,
            );
            await load();
          }}
        />
      )}
    </Card>
  );
}

type DeliveryBody = { outcome: DeliveryOutcome; onDate: string; reason?: string };

/** 登记服务: delivered / refused with a reason / pending, on a day not after today (RecordDeliveryDto). */
function DeliveryDialog(props: {
  entry: WorklistEntry;
  onClose: () => void;
  onRecord: (body: DeliveryBody) => Promise<void>;
}) {
  const today = todayInChina(Date.now());
  const [form] = Form.useForm<{ outcome: DeliveryOutcome; onDate: string; reason: string }>();
  const outcome = Form.useWatch('outcome', form) ?? 'delivered';
  const { busy, error, submit } = useFormSubmit(form, '登记失败', async (values) => {
    const reason = (values.reason ?? '').trim();
    await props.onRecord({
      outcome: values.outcome,
      onDate: values.onDate,
      ...(reason === '' ? {} : { reason }),
    });
  });
  return (
    <FormDialog
      title={`登记服务：${props.entry.childId} · ${props.entry.itemCode}${props.entry.itemName ? ` ${props.entry.itemName}` : ''}`}
      okText="登记"
      busy={busy}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Feedback type="error" message={error} testId="delivery-error" />
      <Form form={form} layout="vertical" initialValues={{ outcome: 'delivered', onDate: today, reason: '' }}>
        <Form.Item label="服务结果" name="outcome">
          <Select
            options={(Object.keys(OUTCOME_LABELS) as DeliveryOutcome[]).map((o) => ({
              value: o,
              label: OUTCOME_LABELS[o],
            }))}
          />
        </Form.Item>
        <Form.Item
          label="服务日期"
          name="onDate"
          rules={[ruleOf((v) => checkDateNotAfter('服务日期', v, today))]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          label="原因"
          name="reason"
          dependencies={['outcome']}
          rules={[ruleOf((v) => checkDeliveryReason(form.getFieldValue('outcome') as DeliveryOutcome, v))]}
          extra={outcome === 'refused' ? '拒绝或不需要时必填；不要填写个人信息' : '可不填；不要填写个人信息'}
        >
          <Input.TextArea rows={2} maxLength={DELIVERY_REASON_MAX} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

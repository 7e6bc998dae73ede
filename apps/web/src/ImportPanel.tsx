import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Progress, Space, Table, Tag, Typography } from 'antd';
import { apiPath, requestFile, requestJson } from './api';
import {
  IMPORT_STATUS_LABELS,
  importEnded,
  importPercent,
  importSummary,
  reportPathOf,
  type ImportIssue,
  type ImportJob,
} from './ledger';
import type { Session } from './session';
import { errorText, ruleOf, saveFile } from './ui';
import { checkImportFile, checkOptionalDate } from './validation';

const POLL_MS = 500;
const LEVEL_COLORS: Readonly<Record<ImportIssue['level'], string>> = {
  error: 'red',
  incomplete: 'orange',
  warning: 'blue',
};

/**
 * 台账导入: an Attachment 1 workbook uploaded to the registry's import job, its progress polled
 * until it ends, the problems listed and the full report downloadable (行号、问题列、规则、处理结果,
 * no values).
 */
export function ImportPanel(props: { session: Session; countyCode: string; onUnauthorized: () => void }) {
  const { session, countyCode, onUnauthorized } = props;
  const [file, setFile] = useState<File | undefined>();
  const [fileError, setFileError] = useState<string | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // Poll the job until it ends.
  useEffect(() => {
    if (!job || importEnded(job.status)) return;
    const timer = window.setTimeout(() => {
      requestJson<ImportJob>(
        apiPath('registry', `/v1/imports/${encodeURIComponent(job.jobId)}`),
        { token: session.accessToken },
        onUnauthorized,
      )
        .then(setJob)
        .catch((err: unknown) => setError(errorText(err, '导入进度查询失败')));
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [job, session.accessToken, onUnauthorized]);

  const start = async (values: { residentSince?: string }): Promise<void> => {
    const problem = checkImportFile(file);
    setFileError(problem);
    if (problem || !file) return;
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const form = new FormData();
      form.append('countyCode', countyCode);
      if (values.residentSince) form.append('residentSince', values.residentSince);
      form.append('file', file, file.name);
      setJob(
        await requestJson<ImportJob>(
          apiPath('registry', '/v1/imports'),
          { method: 'POST', body: form, token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '导入失败'));
    } finally {
      setBusy(false);
    }
  };

  const downloadReport = async (): Promise<void> => {
    const path = job ? reportPathOf(job) : undefined;
    if (!job || !path) return;
    try {
      saveFile(
        await requestFile(
          path,
          `import-${job.jobId}-errors.xlsx`,
          { token: session.accessToken },
          onUnauthorized,
        ),
      );
    } catch (err) {
      setError(errorText(err, '报告下载失败'));
    }
  };

  const running = job !== null && !importEnded(job.status);
  return (
    <div>
      <Typography.Paragraph type="secondary">
        上传本县区的《重点关爱服务对象信息台账》（附件1，.xlsx）。每行都会校验，无法导入的行不会写入，缺少认定所需信息的行存为待补录；完成后可下载导入报告（只列行号、问题列和规则，不含填写的内容）。
      </Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={(v: { residentSince?: string }) => void start(v)}
        disabled={busy || running}
      >
        <Form.Item
          label="台账文件"
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? undefined}
        >
          <input
            ref={input}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label="台账文件"
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setFileError(null);
            }}
          />
        </Form.Item>
        <Form.Item
          label="迁入现居住地日期"
          name="residentSince"
          rules={[ruleOf((v) => checkOptionalDate('迁入现居住地日期', v))]}
          tooltip="附件1无此列；不填则为导入日前6个月"
        >
          <Input placeholder="YYYY-MM-DD（可不填）" style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          开始导入
        </Button>
      </Form>
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="import-error" />
      )}
      {job && (
        <div style={{ marginTop: 16 }} data-testid="import-job">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Tag
                color={job.status === 'succeeded' ? 'green' : job.status === 'running' ? 'blue' : 'default'}
                data-testid="import-status"
              >
                {IMPORT_STATUS_LABELS[job.status]}
              </Tag>
              <span data-testid="import-summary">{importSummary(job)}</span>
            </Space>
            <Progress
              percent={importPercent(job)}
              status={job.status === 'failed' ? 'exception' : running ? 'active' : undefined}
              data-testid="import-progress"
            />
            {job.failure && <Alert type="error" showIcon message={job.failure.message} />}
            {job.status === 'succeeded' && (
              <span>
                台账新增 {job.keyCareAdded} 条、变更 {job.keyCareChanged} 条；补全待补录 {job.completed} 条
              </span>
            )}
            {reportPathOf(job) && importEnded(job.status) && (
              <Button onClick={() => void downloadReport()} data-testid="import-report">
                下载导入报告
              </Button>
            )}
          </Space>
          {job.issues && job.issues.length > 0 && (
            <Table<ImportIssue>
              style={{ marginTop: 16 }}
              size="small"
              rowKey={(r) => `${r.rowNumber}|${r.level}|${r.column}|${r.reason}`}
              dataSource={[...job.issues]}
              pagination={false}
              data-testid="import-issues"
              columns={[
                { title: '行号', dataIndex: 'rowNumber' },
                {
                  title: '处理结果',
                  dataIndex: 'outcome',
                  render: (v: string, r) => <Tag color={LEVEL_COLORS[r.level]}>{v}</Tag>,
                },
                { title: '问题列', dataIndex: 'column' },
                { title: '问题及规则', dataIndex: 'reason' },
              ]}
            />
          )}
        </div>
      )}
    </div>
  );
}

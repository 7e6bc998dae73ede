import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError, apiPath, requestJson } from './api';
import { sessionFromTokens, type IssuedTokens, type Session } from './session';
import { Feedback, ruleOf } from './ui';
import { checkPassword, checkTotpCode, checkUserId } from './validation';

type PasswordStep =
  | { status: 'totp-required'; challenge: string }
  | { status: 'totp-enrolment-required'; challenge: string; otpauthUri: string; secret: string };

/** 登录: 账号、密码 → 动态口令 (apps/auth, ADR 0006). */
export function SignInPage(props: { notice: string | null; onSignedIn: (session: Session) => void }) {
  const [step, setStep] = useState<PasswordStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '登录失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (values: { userId: string; password: string }) =>
    run(async () => {
      setStep(
        await requestJson<PasswordStep>(apiPath('auth', '/v1/auth/sign-in'), {
          method: 'POST',
          body: values,
        }),
      );
    });

  const submitCode = (values: { code: string }) =>
    run(async () => {
      if (!step) return;
      const tokens = await requestJson<IssuedTokens>(apiPath('auth', '/v1/auth/sign-in/totp'), {
        method: 'POST',
        body: { challenge: step.challenge, code: values.code },
      });
      props.onSignedIn(sessionFromTokens(tokens, Date.now()));
    });

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card title="流动儿童关爱保护平台 · 登录" style={{ width: 420 }}>
        {props.notice && (
          <Alert type="warning" showIcon message={props.notice} style={{ marginBottom: 16 }} />
        )}
        <Feedback type="error" message={error} testId="sign-in-error" />
        {!step ? (
          <Form layout="vertical" onFinish={submitPassword} disabled={busy} key="password">
            <Form.Item label="账号" name="userId" rules={[ruleOf(checkUserId)]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[ruleOf(checkPassword)]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              下一步
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={submitCode} disabled={busy} key="code">
            {step.status === 'totp-enrolment-required' && (
              <Alert
                type="info"
                style={{ marginBottom: 16 }}
                message="首次登录：请将下面的密钥添加到身份验证器，再输入其显示的6位动态口令"
                description={
                  <Typography.Paragraph copyable={{ text: step.otpauthUri }} style={{ marginBottom: 0 }}>
                    密钥：<Typography.Text code>{step.secret}</Typography.Text>
                  </Typography.Paragraph>
                }
              />
            )}
            <Form.Item
              label="动态口令"
              name="code"
              rules={[ruleOf(checkTotpCode)]}
              extra="身份验证器中当前显示的6位数字"
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
            <Button type="link" block onClick={() => setStep(null)} disabled={busy}>
              返回重新输入账号密码
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}

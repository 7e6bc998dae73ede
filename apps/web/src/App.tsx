import { useCallback, useEffect, useState } from 'react';
import { Button, Layout, Menu, Result, Space, Typography } from 'antd';
import { apiPath, requestJson } from './api';
import { CatalogueWorkspace } from './CatalogueWorkspace';
import { DepartmentWorkspace } from './DepartmentWorkspace';
import { GatewayWorkspace } from './GatewayWorkspace';
import { MonitoringDashboard } from './monitoring/MonitoringDashboard';
import { RegistryWorkspace } from './RegistryWorkspace';
import { clearSession, loadSession, msUntilExpiry, saveSession, type Session } from './session';
import { SignInPage } from './SignInPage';
import { workspacesFor, type WorkspaceId } from './workspaces';

/** The shell: sign-in until a session exists, then the workspaces the person's role allows. */
export function App() {
  const [session, setSession] = useState<Session | null>(() =>
    loadSession(window.sessionStorage, Date.now()),
  );
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback((why: string | null) => {
    clearSession(window.sessionStorage);
    setSession(null);
    setNotice(why);
  }, []);

  // Expiry → back to sign-in.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(() => end('登录已过期，请重新登录'), msUntilExpiry(session, Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  if (!session) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(s) => {
          saveSession(window.sessionStorage, s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }

  const signOut = (): void => {
    // The session ends on the server too; the page leaves whatever the answer.
    requestJson(apiPath('auth', '/v1/auth/sign-out'), {
      method: 'POST',
      body: { refreshToken: session.refreshToken },
    }).catch(() => undefined);
    end(null);
  };

  return <Shell session={session} onSignOut={signOut} onUnauthorized={() => end('登录已失效，请重新登录')} />;
}

function Shell(props: { session: Session; onSignOut: () => void; onUnauthorized: () => void }) {
  const { session } = props;
  const workspaces = workspacesFor(session.account.role);
  const [current, setCurrent] = useState<WorkspaceId | undefined>(workspaces[0]?.id);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          流动儿童关爱保护平台
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          style={{ flex: 1 }}
          selectedKeys={current ? [current] : []}
          items={workspaces.map((w) => ({ key: w.id, label: w.label }))}
          onClick={(e) => setCurrent(e.key as WorkspaceId)}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="account-name">
            {session.account.displayName}
          </Typography.Text>
          <Button onClick={props.onSignOut}>退出登录</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {current === 'registry' ? (
          <RegistryWorkspace session={session} onUnauthorized={props.onUnauthorized} />
        ) : current === 'catalogue' ? (
          <CatalogueWorkspace session={session} onUnauthorized={props.onUnauthorized} />
        ) : current === 'department' ? (
          <DepartmentWorkspace session={session} onUnauthorized={props.onUnauthorized} />
        ) : current === 'gateway' ? (
          <GatewayWorkspace session={session} onUnauthorized={props.onUnauthorized} />
        ) : current === 'monitoring' ? (
          <MonitoringDashboard session={session} onUnauthorized={props.onUnauthorized} />
        ) : (
          <Result
            status="403"
            title="没有可用的工作台"
            subTitle="您的角色没有可访问的部门工作台，请联系安全管理员。"
          />
        )}
      </Layout.Content>
    </Layout>
  );
}

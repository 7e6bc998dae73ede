import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Cascader,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { apiPath, requestJson } from './api';
import {
  ACCOMPANIMENT_LABELS,
  determinationTitle,
  nextChangeText,
  registrationBody,
  type Accompaniment,
  type ChildDetail,
  type RegisterFormValues,
} from './children';
import { areaLabel, areaName, difficultyName, type WebDeployment } from './deployment';
import { todayInChina, type KeyCareEntry } from './ledger';
import { SEX_LABELS } from './registry';
import type { Session } from './session';
import { errorText, Feedback, ruleOf, useDeployment, useFormSubmit } from './ui';
import {
  ADDRESS_MAX,
  CHILD_NAME_MAX,
  GRADE_MAX,
  GUARDIANS_MAX,
  GUARDIAN_NAME_MAX,
  GUARDIAN_RELATION_MAX,
  SCHOOL_MAX,
  checkBirthDate,
  checkDivisionCode,
  checkGuardianPhone,
  checkIdNumber,
  checkMovedInOn,
  checkSex,
  checkText,
  idNumberFacts,
} from './validation';

interface PanelProps {
  readonly session: Session;
  readonly countyCode: string;
  readonly onUnauthorized: () => void;
}

/** The city's counties → their townships, for a division picker (a county alone may be chosen). */
export function divisionOptions(deployment: WebDeployment | null, counties?: readonly string[]) {
  return (deployment?.counties ?? [])
    .filter((c) => counties === undefined || counties.includes(c.code))
    .map((c) => ({
      value: c.code,
      label: c.name,
      children: (deployment?.townships[c.code] ?? []).map((t) => ({ value: t.code, label: t.name })),
    }));
}

type FormValues = Omit<
  RegisterFormValues,
  'hukouDivisionCode' | 'residenceDivisionCode' | 'circumstances'
> & {
  hukouScope: 'local' | 'other';
  hukouPath?: string[];
  hukouOther?: string;
  residenceTownship?: string;
  circumstances?: string[];
};

/** The hukou code the form holds: the picked county/township of the city, or a typed code elsewhere. */
function hukouCodeOf(v: Partial<FormValues>): string {
  return v.hukouScope === 'other' ? (v.hukouOther ?? '').trim() : (v.hukouPath?.at(-1) ?? '');
}

/**
 * 登记新儿童: Attachment 1's fields (name, sex, ID number, household registration and address,
 * residence, guardians, difficulty types, school) checked as the registry checks them; the
 * registry's own message when it refuses anyway; the child's page once registered.
 */
export function RegisterChildPanel(props: PanelProps & { onRegistered: (child: ChildDetail) => void }) {
  const { session, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
  const [form] = Form.useForm<FormValues>();
  const today = todayInChina(Date.now());
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const hukouScope = Form.useWatch('hukouScope', form) ?? 'local';
  const facts = checkIdNumber(idNumber, today) === null ? idNumberFacts(idNumber) : null;
  const hukouOptions = useMemo(() => divisionOptions(deployment), [deployment]);
  const townships = deployment?.townships[countyCode] ?? [];

  const { busy, error, submit } = useFormSubmit(form, '登记失败', async (v) => {
    const child = await requestJson<ChildDetail>(
      apiPath('registry', '/v1/children'),
      {
        method: 'POST',
        token: session.accessToken,
        body: registrationBody({
          ...v,
          hukouDivisionCode: hukouCodeOf(v),
          residenceDivisionCode: v.residenceTownship ?? countyCode,
        }),
      },
      onUnauthorized,
    );
    form.resetFields();
    props.onRegistered(child);
  });

  const dependent = (name: keyof FormValues) => ({ dependencies: [name] as string[] });
  return (
    <div style={{ maxWidth: 880 }}>
      <Typography.Paragraph type="secondary">
        按附件1《重点关爱服务对象信息台账》的字段登记。无身份证号时须填写出生日期和性别，记录标记为待补录身份证号。
      </Typography.Paragraph>
      <Feedback type="error" message={error} testId="register-error" />
      <Form<FormValues>
        form={form}
        layout="vertical"
        data-testid="register-form"
        initialValues={{ hukouScope: 'local', accompaniedBy: 'both-parents', guardians: [{}], movedInOn: '' }}
      >
        <Space wrap size="large" align="start">
          <Form.Item
            label="儿童姓名"
            name="name"
            rules={[ruleOf((v) => checkText('儿童姓名', v, CHILD_NAME_MAX))]}
          >
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            label="身份证号"
            name="idNumber"
            rules={[ruleOf((v) => checkIdNumber(v, today))]}
            extra={
              facts
                ? `出生日期 ${facts.birthDate}，性别 ${SEX_LABELS[facts.sex]}（由身份证号确定）`
                : '无则不填'
            }
          >
            <Input style={{ width: 260 }} maxLength={30} />
          </Form.Item>
          <Form.Item
            label="出生日期"
            name="birthDate"
            {...dependent('idNumber')}
            rules={[ruleOf((v) => checkBirthDate(v, form.getFieldValue('idNumber') ?? '', today))]}
          >
            <Input style={{ width: 160 }} placeholder="YYYY-MM-DD" disabled={facts !== null} />
          </Form.Item>
          <Form.Item
            label="性别"
            name="sex"
            {...dependent('idNumber')}
            rules={[ruleOf((v) => checkSex(v ?? '', form.getFieldValue('idNumber') ?? '', today))]}
          >
            <Select
              style={{ width: 120 }}
              allowClear
              disabled={facts !== null}
              options={[
                { value: 'male', label: '男' },
                { value: 'female', label: '女' },
              ]}
            />
          </Form.Item>
        </Space>
        <Space wrap size="large" align="start">
          <Form.Item label="户籍地" name="hukouScope">
            <Radio.Group
              options={[
                { value: 'local', label: `${deployment?.cityName ?? '本市'}内` },
                { value: 'other', label: '外地' },
              ]}
            />
          </Form.Item>
          {hukouScope === 'local' ? (
            <Form.Item
              label="户籍地区县/乡镇"
              name="hukouPath"
              rules={[
                ruleOf((v) =>
                  checkDivisionCode('户籍地', (v as unknown as string[] | undefined)?.at(-1) ?? ''),
                ),
              ]}
            >
              <Cascader
                style={{ width: 280 }}
                options={hukouOptions}
                changeOnSelect
                showSearch
                placeholder="选择区县，可再选乡镇（街道）"
                data-testid="hukou-picker"
              />
            </Form.Item>
          ) : (
            <Form.Item
              label="户籍地行政区划代码"
              name="hukouOther"
              rules={[ruleOf((v) => checkDivisionCode('户籍地行政区划代码', v.trim()))]}
            >
              <Input style={{ width: 200 }} placeholder="6位区县代码，如 410102" />
            </Form.Item>
          )}
          <Form.Item
            label="户籍地址"
            name="hukouAddress"
            rules={[ruleOf((v) => checkText('户籍地址', v, ADDRESS_MAX, false))]}
          >
            <Input style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <Space wrap size="large" align="start">
          <Form.Item label="现居住地区县">
            <Input style={{ width: 180 }} value={areaLabel(deployment, countyCode)} disabled />
          </Form.Item>
          <Form.Item
            label="现居住乡镇（街道）"
            name="residenceTownship"
            rules={[ruleOf((v) => checkDivisionCode('现居住乡镇（街道）', v ?? ''))]}
          >
            <Select
              style={{ width: 220 }}
              showSearch
              optionFilterProp="label"
              options={townships.map((t) => ({ value: t.code, label: t.name }))}
              data-testid="residence-township"
            />
          </Form.Item>
          <Form.Item
            label="迁入现居住地日期"
            name="movedInOn"
            {...dependent('birthDate')}
            rules={[
              ruleOf((v) =>
                checkMovedInOn(
                  v,
                  form.getFieldValue('birthDate') ||
                    idNumberFacts(form.getFieldValue('idNumber') ?? '')?.birthDate,
                  today,
                ),
              ),
            ]}
          >
            <Input style={{ width: 160 }} placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            label="现居住地详细地址"
            name="residenceAddress"
            rules={[ruleOf((v) => checkText('现居住地详细地址', v, ADDRESS_MAX, false))]}
          >
            <Input style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <Form.Item label="随父母或其他监护人流动情况" name="accompaniedBy">
          <Radio.Group
            options={(Object.keys(ACCOMPANIMENT_LABELS) as Accompaniment[]).map((k) => ({
              value: k,
              label: ACCOMPANIMENT_LABELS[k],
            }))}
          />
        </Form.Item>
        <Form.List name="guardians">
          {(fields, { add, remove }) => (
            <div>
              {fields.map((field, i) => (
                <Space key={field.key} wrap size="large" align="start">
                  <Form.Item
                    label={`监护人${i + 1}姓名`}
                    name={[field.name, 'name']}
                    rules={[ruleOf((v) => checkText('监护人姓名', v, GUARDIAN_NAME_MAX))]}
                  >
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    label="与监护人关系"
                    name={[field.name, 'relation']}
                    rules={[ruleOf((v) => checkText('与监护人关系', v, GUARDIAN_RELATION_MAX, false))]}
                  >
                    <Input style={{ width: 120 }} placeholder="如 父亲" />
                  </Form.Item>
                  <Form.Item
                    label="监护人联系方式"
                    name={[field.name, 'phone']}
                    rules={[ruleOf((v) => checkGuardianPhone(v))]}
                  >
                    <Input style={{ width: 180 }} />
                  </Form.Item>
                  <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              {fields.length < GUARDIANS_MAX && (
                <Button style={{ marginBottom: 16 }} onClick={() => add({})}>
                  添加监护人
                </Button>
              )}
            </div>
          )}
        </Form.List>
        <Form.Item label="重点关爱服务对象困境类型" name="difficultyTypes">
          <Checkbox.Group
            options={(deployment?.difficultyTypes ?? []).map((t) => ({ value: t.code, label: t.name }))}
          />
        </Form.Item>
        <Form.Item label="儿童情况" name="circumstances">
          <Checkbox.Group
            options={(deployment?.circumstances ?? []).map((t) => ({ value: t.code, label: t.name }))}
          />
        </Form.Item>
        <Form.Item name="askedForHelp" valuePropName="checked">
          <Checkbox>主动提出救助帮扶需求</Checkbox>
        </Form.Item>
        <Space wrap size="large" align="start">
          <Form.Item label="教育阶段" name="educationStage">
            <Select
              style={{ width: 160 }}
              allowClear
              options={(deployment?.educationStages ?? []).map((s) => ({ value: s.code, label: s.name }))}
            />
          </Form.Item>
          <Form.Item
            label="就读学校"
            name="school"
            rules={[ruleOf((v) => checkText('就读学校', v, SCHOOL_MAX, false))]}
          >
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item
            label="年级"
            name="grade"
            rules={[ruleOf((v) => checkText('年级', v, GRADE_MAX, false))]}
          >
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="inSchoolLocally" valuePropName="checked" style={{ marginTop: 30 }}>
            <Checkbox>在流入地就读</Checkbox>
          </Form.Item>
        </Space>
        <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)}>
          登记
        </Button>
      </Form>
    </div>
  );
}

/** 儿童详情: the record as the registry answers it (masked), its migrant determination with the reasons, its ledger entries. */
export function ChildDetailDrawer(props: {
  session: Session;
  childId: string;
  countyCode: string;
  onUnauthorized: () => void;
  onClose: () => void;
}) {
  const { session, childId, countyCode, onUnauthorized } = props;
  const deployment = useDeployment();
  const [child, setChild] = useState<ChildDetail | null>(null);
  const [entries, setEntries] = useState<KeyCareEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setChild(null);
    setError(null);
    requestJson<ChildDetail>(
      apiPath('registry', `/v1/children/${encodeURIComponent(childId)}`),
      { token: session.accessToken },
      onUnauthorized,
    )
      .then((c) => live && setChild(c))
      .catch((err: unknown) => live && setError(errorText(err, '儿童信息加载失败')));
    requestJson<KeyCareEntry[]>(
      apiPath('registry', `/v1/key-care/children/${encodeURIComponent(childId)}/entries`, { countyCode }),
      { token: session.accessToken },
      onUnauthorized,
    )
      .then((e) => live && setEntries(e))
      .catch(() => live && setEntries(null));
    return () => {
      live = false;
    };
  }, [childId, countyCode, session.accessToken, onUnauthorized]);

  const d = child?.determination;
  return (
    <Drawer open width={760} title="儿童详情" onClose={props.onClose} data-testid="child-detail">
      {error && <Alert type="error" showIcon message={error} data-testid="child-detail-error" />}
      {!child && !error && <Spin />}
      {child && d && (
        <div>
          <Alert
            type={d.isMigrant ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="determination"
            message={determinationTitle(d)}
            description={
              <div>
                <div>流动儿童认定依据：</div>
                <ul style={{ margin: '4px 0', paddingLeft: 20 }} data-testid="determination-reasons">
                  {d.reasonTexts.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
                {nextChangeText(d) && <div>{nextChangeText(d)}</div>}
              </div>
            }
          />
          <Descriptions bordered size="small" column={2} data-testid="child-facts">
            <Descriptions.Item label="儿童编号" span={2}>
              {child.childId}
            </Descriptions.Item>
            <Descriptions.Item label="姓名">{child.name}</Descriptions.Item>
            <Descriptions.Item label="身份证号">
              {child.missingIdNumber ? <Tag>待补录身份证号</Tag> : child.idNumber}
            </Descriptions.Item>
            <Descriptions.Item label="性别">{SEX_LABELS[child.sex] ?? child.sex}</Descriptions.Item>
            <Descriptions.Item label="出生日期">{child.birthDate}</Descriptions.Item>
            <Descriptions.Item label="户籍地">
              {areaLabel(deployment, child.hukouDivisionCode)}
            </Descriptions.Item>
            <Descriptions.Item label="户籍地址">{child.hukouAddress}</Descriptions.Item>
            <Descriptions.Item label="现居住地">
              {areaName(deployment, child.countyCode)} {areaName(deployment, child.townshipCode)}
            </Descriptions.Item>
            <Descriptions.Item label="现居住地址">{child.residenceAddress}</Descriptions.Item>
            <Descriptions.Item label="居住史" span={2}>
              {child.residenceHistory.map((p) => (
                <div key={`${p.divisionCode}-${p.movedInOn}`}>
                  {areaName(deployment, p.divisionCode)}：{p.movedInOn} 迁入
                  {p.movedOutOn ? `，${p.movedOutOn} 迁出` : ''}
                </div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="随迁情况">
              {ACCOMPANIMENT_LABELS[child.accompaniedBy] ?? child.accompaniedBy}
            </Descriptions.Item>
            <Descriptions.Item label="最近核实日期">
              {child.lastVerifiedOn}
              {child.isStale && <Tag color="red">超过6个月未核实</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="监护人" span={2}>
              {child.guardians.length === 0
                ? '—'
                : child.guardians.map((g, i) => (
                    <div key={i}>
                      {g.name}（{g.relation || '关系未填'}）{g.phone}
                    </div>
                  ))}
            </Descriptions.Item>
            <Descriptions.Item label="困境类型" span={2}>
              {child.difficultyTypes.length === 0
                ? '—'
                : child.difficultyTypes.map((t) => <Tag key={t}>{difficultyName(deployment, t)}</Tag>)}
            </Descriptions.Item>
            <Descriptions.Item label="就读" span={2}>
              {[
                deployment?.educationStages.find((s) => s.code === child.education.stage)?.name,
                child.education.school,
                child.education.grade,
                child.education.inSchoolLocally ? '在流入地就读' : '',
              ]
                .filter(Boolean)
                .join(' / ') || '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            重点关爱台账
          </Typography.Title>
          {entries === null || entries.length === 0 ? (
            <Typography.Text type="secondary">无台账记录</Typography.Text>
          ) : (
            entries.map((e) => (
              <div key={e.entryId} data-testid="child-ledger-entry">
                {e.status === 'open' ? <Tag color="green">在册</Tag> : <Tag>已销档 {e.closedOn}</Tag>}
                建档 {e.openedOn}，{e.difficultyTypes.map((t) => difficultyName(deployment, t)).join('、')}
              </div>
            ))
          )}
        </div>
      )}
    </Drawer>
  );
}

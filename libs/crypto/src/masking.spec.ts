import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking';

describe('maskName keeps the first character', () => {
  it.each([
    ['two-character name', '张三', '张*'],
    ['three-character name', '张小明', '张**'],
    ['compound surname keeps only its first character', '欧阳娜娜', '欧***'],
    ['single character hides it', '李', '*'],
    ['surrounding spaces trimmed', ' 王五 ', '王*'],
    ['empty stays empty', '', ''],
    ['a character outside the BMP counts once', '𠀀明', '𠀀*'],
  ])('%s', (_why, input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

describe('maskIdNumber keeps the first 6 and last 4', () => {
  it.each([
    ['18-digit number', '37170220100101123X', '371702********123X'],
    ['15-digit legacy number', '371702800101123', '371702*****1123'],
    ['too short to keep anything', '3717021', '*******'],
  ])('%s', (_why, input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });
});

describe('maskPhone keeps the first 3 and last 4 digits', () => {
  it.each([
    ['mobile', '13812345678', '138****5678'],
    ['landline with area code keeps separators', '0530-5551234', '053*-***1234'],
    ['short number keeps only the last 2 digits', '12345', '***45'],
    ['empty', '', ''],
  ])('%s', (_why, input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskAddress keeps down to the township or street', () => {
  it.each([
    ['street (街道)', '山东省菏泽市牡丹区西城街道和平路12号', '山东省菏泽市牡丹区西城街道****'],
    ['town (镇)', '山东省菏泽市曹县庄寨镇王庄村3号', '山东省菏泽市曹县庄寨镇****'],
    ['township (乡)', '山东省菏泽市东明县焦园乡李村', '山东省菏泽市东明县焦园乡****'],
    [
      'county name starting with 乡 is not a township',
      '山西省临汾市乡宁县昌宁镇东街5号',
      '山西省临汾市乡宁县昌宁镇****',
    ],
    [
      'city name starting with 镇 is not a township',
      '江苏省镇江市京口区正东路街道中山路1号',
      '江苏省镇江市京口区正东路街道****',
    ],
    ['no township keeps the county', '山东省菏泽市牡丹区和平路12号', '山东省菏泽市牡丹区****'],
    ['an 工业区 after the town does not count as the county', '菏泽市沙土镇工业区路8号', '菏泽市沙土镇****'],
    ['nothing recognisable hides everything', '和平路12号', '****'],
    [
      'an address that ends at the township is shown whole',
      '山东省菏泽市曹县庄寨镇',
      '山东省菏泽市曹县庄寨镇',
    ],
    ['empty', '', ''],
  ])('%s', (_why, input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });
});

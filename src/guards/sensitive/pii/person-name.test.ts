import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const names = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_PERSON_NAME')
    .map((d) => text.slice(d.start, d.end));

describe('English names', () => {
  it.each([
    ['My name is John Smith and I need help.', ['John Smith']],
    ['my name is john smith and i forgot my password', ['john smith']],
    ['the name is james; the other name is mary', ['james', 'mary']],
    ['Dr. Ana Lima reviewed the scan.', ['Ana Lima']],
    ['Please ask Ms. O\'Connor to sign.', ["O'Connor"]],
    ['Mr. Smith and Mrs. Johnson arrived.', ['Smith', 'Johnson']],
    ['Name: Wei Zhang', ['Wei Zhang']],
    ['Hi Sarah, the report is attached.', ['Sarah']],
    ['Thanks, Michael Brown', ['Michael Brown']],
    ['Contact Maria Garcia for details.', ['Maria Garcia']],
    ['Yesterday Ahmed Okonkwo asked about the refund.', ['Ahmed Okonkwo']],
    ['Patient: Rosalind Chen', ['Rosalind Chen']],
    ['John F. Kennedy spoke.', ['John F. Kennedy']],
    // Sentence openers are turned away in the regex unless a title-shaped word ends before the
    // full stop (up to three gaps after it) or another capitalised word follows.
    ['It rained.\n\n\nMaria Garcia arrived.', ['Maria Garcia']],
    ['Seen by Mr.   Smith today.', ['Smith']],
    ['Seen by Dr.Lima today.', ['Lima']],
    ['The form was signed. Garcia.Smith? Ms. Lee', ['Lee']],
    // Accented letters inside a name; the sender of a timestamped chat line.
    ['Name: Renée Okafor', ['Renée Okafor']],
    ['[10:02:11] Ingeborg (Helpdesk): try again now\n[10:03:40] Tomás: works', ['Ingeborg', 'Tomás']],
    ['03/04/2024 18:22 - Farah: see you at 7', ['Farah']],
    // An initial and a surname; all-capitals names after a label; a given name before a verb of speech or after "by".
    ['Signed: K. Abernathy, 05/02/2024', ['K. Abernathy']],
    ['Account holder: NADIA OYELARAN\nIBAN: (see below)', ['NADIA OYELARAN']],
    ['Patient: WHITCOMBE, EDITH M    MRN: 55', ['WHITCOMBE, EDITH M']],
    ['Siobhan replied: "ok"', ['Siobhan']],
    ['The key was revoked by Siobhan yesterday.', ['Siobhan']],
    ['emp,last,first,dept\n7,Zwolinski,Marit,ops\n8,Odunsi,Tayo,hr', ['Zwolinski', 'Marit', 'Odunsi', 'Tayo']],
    ["INSERT INTO users (id, full_name, email) VALUES\n  (1, 'Ilse van Rooyen', NULL);", ['Ilse van Rooyen']],
    ['#ops\nmarisol  09:30\nrotated the key', ['marisol']],
    ['PAX 1: OKAFOR/ADAEZE MRS\nPAX 2: OKAFOR/CHIDI', ['OKAFOR/ADAEZE MRS', 'OKAFOR/CHIDI']],
    ['SHIP TO:\nNADIA OYELARAN\n12 Orchid Tce', ['NADIA OYELARAN']],
    ['id,cardholder,amount\n1,TOBIAS WREN,10.00', ['TOBIAS WREN']],
    // Two initials; SURNAME, Given; lower-case names in a name column and an IRC nick; a list of contacts in capitals.
    ['Customer K. J. Abernathy called twice.', ['K. J. Abernathy']],
    ['Applicant: OKONJO, Adaeze\nSSN: on file', ['OKONJO, Adaeze']],
    ['{"name":"WHITCOMBE, Edith"}', ['WHITCOMBE, Edith']],
    ['name,email\nmarisol okafor,m@x.io', ['marisol okafor']],
    ['[14:00] <siobhan> prod is down', ['siobhan']],
    ['Contacts:\n1. NADIA OYELARAN – sister – see file\n2. TOBIAS WREN – friend', ['NADIA OYELARAN', 'TOBIAS WREN']],
    ['Seen today: MALONE, Bridget and FERREIRA, Tomas.', ['MALONE, Bridget', 'FERREIRA, Tomas']],
    // Chinese names in pinyin, surname first; a surname with a letter of Latin Extended-A (blind set 7).
    ['Passenger 1: WANG Xiaoming — Passenger 2: Zhou Mingyu', ['WANG Xiaoming', 'Zhou Mingyu']],
    ['Beneficiary: Lars Błaszczyk\nIBAN: NL91 ABNA 0417 1643 00', ['Lars Błaszczyk']],
    ["Pt: O'ROURKE, Grace, DOB 08/06/1990", ["O'ROURKE, Grace"]],
    ["INSERT INTO people (full_name, email) VALUES\n  ('NAKAMURA, Ren', 'r@x.io');", ['NAKAMURA, Ren']],
  ])('finds names in %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['a system sender in a log', '[10:02:11] System: backup finished\n[10:02:12] Error: disk full'],
    ['an acronym after a label', 'Name: AWS KMS'],
    ['a capitalised word after by', 'Ship it by Monday.'],
    ['a login or a product in a name column', 'username,name\nadmin,Cloud Storage Team\nroot,ACME LTD'],
    ['protocols written with a slash', 'Use TCP/IP and AC/DC wiring; see HTTP/HTTPS notes.'],
    ['a list of products in capitals', 'Order:\n1. ACME WIDGET – blue\n2. STEEL BOLTS – 40 pcs'],
    ['a log nick that is no name', '[14:00] <buildbot> tests passed'],
    ['an SQL comment', "INSERT INTO t VALUES (1);\n-- 报错 Data too long"],
    ['a field before a time', '营业时间：10:00-22:00'],
    ['a word before a time that is no name', 'Meeting 10:30 moved\nDeadline 17:00'],
    ['sentence starts', 'The storage team met on Monday. Capacity grew.'],
    ['ambiguous given names as words', 'Will it rain tomorrow? Grace period ends Friday.'],
    ['"I am" and an adjective', 'I am happy to help with the migration.'],
    ['a team in a mail header', 'From: Ops Team <ops@acme.io>'],
    ['a CSV header', 'User name,Access key ID,Secret access key'],
    ['an organisation', 'Contact Acme Corp for a quote.'],
    ['a capital after a long capitalised word and a full stop', 'Shipped from Houston. Lima is next.'],
    ['a capital after four gaps', 'Mr.    Smith'],
    ['pinyin-like words that are places or one syllable', 'We flew to Long Island, saw a Tang Dynasty show and met the Wang Fang Group.'],
    ['a heading in capitals before a capitalised word', 'WARNING, Will this work? NOTE, Please read. PARIS, France in May.'],
  ])('ignores %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('Chinese names', () => {
  it.each([
    ['我叫张伟，今年三十岁。', ['张伟']],
    // Surnames the lexicon lacked until blind set 5: 赖, 冀, 栗, 楚, 禹, 漆, 狄, 邸.
    ['09:30 赖晓梅：下午开会\n09:31 冀长风：收到', ['赖晓梅', '冀长风']],
    // Labels of blind set 6: a physician signing a record, a hotel guest, a notice's greeting.
    ['初步诊断：慢性胃炎。\n医师：陈思远　2025年4月16日', ['陈思远']],
    ['【妇幼保健院】尊敬的覃海燕，您已成功预约门诊。', ['覃海燕']],
    ['我叫李晓明今年25岁', ['李晓明']],
    ['联系人：欧阳娜娜，电话13800138000', ['欧阳娜娜']],
    ['联系人：司马懿', ['司马懿']],
    ['请王建国先生到前台', ['王建国']],
    ['联系张伟先生', ['张伟']],
    ['客户张小花的订单延迟了', ['张小花']],
    ['患者刘德华，男，45岁', ['刘德华']],
    ['姓名：张三', ['张三']],
    ['收件人 李四', ['李四']],
    // 和 is a surname too, but before a name it is the conjunction.
    ['和张伟先生', ['张伟']],
    // The scan reads every other code unit: a context word at an odd and at an even offset.
    ['好姓名：王芳', ['王芳']],
    ['你好姓名：王芳', ['王芳']],
    ['王芳签字', ['王芳']],
    ['。王芳签字', ['王芳']],
    // Roles, kin and the writer before a name; a given name that holds 家 after a strong label.
    ['投诉：快递员送错了，司机何立新态度很差', ['何立新']],
    ['我爸汤建国明天来接', ['汤建国']],
    ['本人龚丽娜承诺所填信息属实', ['龚丽娜']],
    ['签字：阎志强', ['阎志强']],
    ['被保险人罗家豪，身份证见附件', ['罗家豪']],
    // After the name: a person's own contact details, a greeting, an errand given to them.
    ['这是蔡文静的手机，别外传', ['蔡文静']],
    ['【通知】孟晓东您好，快递已到', ['孟晓东']],
    ['律所受邹海燕委托发函', ['邹海燕']],
    // Chat speakers and lists of people.
    ['[群聊] 邵敏：明天几点集合？\n[群聊] 龙飞：九点', ['邵敏', '龙飞']],
    ['值班名单：\n1. 姜文博（运维组）\n2. 钱佳怡（网络组）', ['姜文博', '钱佳怡']],
    // Chat lines that open with a time, a role before a dash; names with a middle dot.
    ['2025-03-02 09:15 保安-邵敏：门禁卡放前台了\n09:17 龙飞：好的', ['邵敏', '龙飞']],
    ['收款人户名：买买提江·吐尔逊（工商银行）', ['买买提江·吐尔逊']],
    ['这个快递是给阿依古丽·热合曼的', ['阿依古丽·热合曼']],
    // Labels spaced out as forms print them, any label ending in 人, a salutation line, a gender after a name.
    ['寄 件 人 ：钟海洋\n电   话 ：（见背面）', ['钟海洋']],
    ['核对人：阎立本', ['阎立本']],
    ['关于物业费的回复\n欧阳蓓：\n您好，您反映的问题已处理。', ['欧阳蓓']],
    ['报名表\n格桑卓玛　女　26岁　教师', ['格桑卓玛']],
    ['"legalPerson": "钟海洋"', ['钟海洋']],
    // Cells of a column a header names: the header vouches for surnames outside the lexicon.
    ['| 变量 | 负责人 |\n|---|---|\n| DB_PASS | 覃小满 |', ['覃小满']],
    // A sender before the time of a chat line; a name without a surname after a strong label; the same name again.
    ['邵敏 09:12\n明天几点集合？\n格桑卓玛 09:15\n九点', ['邵敏', '格桑卓玛']],
    ['收货人：次仁多吉\n电话：见面单', ['次仁多吉']],
    ['联系人：钟海洋\n……\n此致\n钟海洋\n2024年5月', ['钟海洋', '钟海洋']],
    // A certificate's subject, a given name holding 可, a name signed after a dash.
    ['兹证明阎立本（身份证号见附件）系我单位职工', ['阎立本']],
    ['评审人：诸葛可馨', ['诸葛可馨']],
    ['用完记得改密码。—— 钟海洋', ['钟海洋']],
  ])('finds names in %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['a place written with a dot', '中国·杭州 国际会展中心'],
    ['a time and a label, not a speaker', '09:30 地址：人民路8号'],
    ['"I am" and a noun', '我是学生，正在准备考试。'],
    ['"I am the king"', '我是王者，不服来战'],
    ['a surname-only address form', '请王先生到前台'],
    ['a holiday after a kin word', '母亲节快乐，记得打电话'],
    ['a pledge by the writer', '本人承诺以上信息属实'],
    ['words at the start of lines', '周报：本周完成迁移\n苏州（分公司）\n单价：30元'],
    ['one list entry that reads like a name', '1. 王府井（北京）'],
    ['a tag before a word, not a speaker', '[系统] 通知：今晚维护'],
    ['a login name before a colon', 'mysql://用户名:密码@主机/库名'],
    ['a gender in a header row', '| 姓名 | 性别 |\n| --- | 男 |'],
    // Words after a label or a phone number that read like a surname and a name (blind set 6).
    ['words that open with a surname character', '客户备用手机 13649808717 关机。\n物业客服：欢迎！\n收款人名称（英文）：见附件\n乙方应于每月5日前付款'],
  ])('ignores %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });
});

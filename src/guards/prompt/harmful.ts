/**
 * Harmful intent: a request for operational help (how to make, write, obtain, carry out) with an
 * object from one of the harm categories of TC260-003 appendix A and NIST AI 600-1. Talking about
 * a topic is not intent: history, prevention, detection, treatment and reporting are left alone,
 * so security education and harm reduction pass while a fiction frame around a recipe does not.
 */
import { keysOf, openGate, passes } from './gate.js';
import type { HarmCategory } from './tags.js';

export interface HarmHit {
  readonly category: HarmCategory;
  readonly start: number;
  readonly end: number;
  /** 0..1: a procedural request for the object, or an explicit statement of intent. */
  readonly strength: number;
}

interface HarmLexicon {
  readonly category: HarmCategory;
  readonly object: RegExp;
  /** Harmful without any request verb (stated intent, sexual content with minors). */
  readonly standalone?: RegExp;
  /** Words one of which must be present for the lexicon to be searched (gate.ts). */
  readonly triggers: readonly string[];
}

const g = (s: string): RegExp => new RegExp(s, 'g');

const LEXICONS: readonly HarmLexicon[] = [
  {
    category: 'WEAPONS',
    triggers: ['gun', 'guns', 'firearm', 'firearms', 'rifle', 'rifles', 'bomb', 'bombs', 'explosive', 'explosives', 'detonator', 'detonators', 'ied', 'napalm', 'thermite', 'molotov', 'nerve', 'sarin', 'vx', 'tabun', 'ricin', 'anthrax', 'botulinum', 'mustard', 'weapon', 'weapons', 'bioweapon', 'bioweapons', 'nuclear', 'uranium', 'silencer', 'silencers', 'suppressor', 'suppressors', 'conversion', 'sear', 'tatp', 'hmtd', 'semtex', 'nitroglycerin', 'pathogen', 'pathogens', 'casualty', 'casualties', 'tnt', '炸弹', '炸药', '爆炸', '雷管', '燃烧', '神经', '沙林', '蓖麻', '炭疽', '芥子', '武器', '核武', '核弹', '脏弹', '浓缩', '打印', '消音', '硝化', '过氧', '毒气', '枪支', '手枪', '步枪', '安检', '快递', 'powder', 'gunpowder', 'phosgene', 'automatic', 'full', 'fully', 'machinegun', 'airsoft', 'replica', 'starter', '光气', '仿真', '实弹', '真枪', '土枪', '土炸', '火药', '黑火', '查不', '通过', '躲过', '混过', '骗过', '逃过', 'knife', 'knives', 'blade', 'blades', 'gas', 'gases', 'gun', 'guns', 'pistol', 'pistols', 'handgun', 'handguns', 'shotgun', 'shotguns', 'ammunition', 'ammo', 'untraceable', '把枪', '支枪', '做枪', '造枪', '买枪', '搞枪', '弄枪', '猎枪', '弹药', '子弹'],
    object: g(`\\b(?:(?:pipe |nail |car |fertili[sz]er |dirty |letter |homemade )?bombs?|explosives?|detonators?|ied|napalm|thermite|molotov(?: cocktails?)?|nerve (?:agent|gas)|sarin|vx gas|tabun|ricin|anthrax|botulinum toxin|mustard gas|chemical weapons?|bio-?weapons?|biological weapons?|nuclear (?:weapon|bomb|device)s?|weapons?-grade|enrich(?:ing|ed)? uranium|ghost guns?|untraceable (?:gun|firearm)s?|(?:3d-?print(?:ed)?|homemade|diy) (?:gun|firearm|rifle)s?|silencers?|suppressors?|(?:full|fully)[ -]auto conversion|auto sear|tatp|hmtd|c-?4 explosive|semtex|nitroglycerin|pathogens? (?:more )?(?:transmissible|lethal)|mass casualt(?:y|ies)|(?:toxic|poisonous|deadly|lethal|chlorine) gas(?:es)?|black powder|gunpowder|flash powder|zip guns?|phosgene|(?:into|to) (?:a )?fully?[ -]?automatic|full[ -]auto\\b|machine ?gun conversion|convert\\w* (?:an? )?(?:airsoft|replica|toy|blank|starter|bb|gel blaster) (?:guns?|pistols?|rifles?)|gas (?:strong|deadly|toxic|potent) enough to (?:hurt|kill|harm|injure)|(?:make|making|build|building|assemble|assembling|craft|crafting|manufactur\\w*|print|printing|machin\\w*)\\s+(?:a |an |my own |your own |our own |some )?(?:homemade |improvised |untraceable )?(?:weapons?|guns?|firearms?|pistols?|handguns?|rifles?|shotguns?|ammunition|ammo)|weapons? at home|untraceable (?:pistols?|handguns?|weapons?)|(?:buy|get|obtain|acquire)\\w*\\s+(?:a |an )?(?:guns?|firearms?|pistols?|handguns?|ammunition|ammo)\\s+(?:anonymously|without (?:a )?(?:background check|licen[cs]e|id|paperwork|papers))\\b)\\b|炸弹|炸药|爆炸物|爆炸装置|雷管|燃烧弹|燃烧瓶|神经毒剂|沙林|蓖麻毒素|炭疽|芥子气|化学武器|生物武器|核武器|核弹|脏弹|浓缩铀|自制(?:枪|手枪|步枪|武器)|3d打印(?:枪|手枪)|消音器|硝化甘油|tnt|三过氧化三丙酮|毒气|(?:做|造|制作|制造|组装|加工|自制|打造)(?:一把|一支|一个|一些)?(?:枪|手枪|步枪|猎枪|武器|弹药|子弹)|(?:买|购买|弄到|搞到)(?:到)?(?:一把)?(?:枪支弹药|枪支|手枪|步枪|弹药|子弹)|无法追踪的(?:手枪|枪|武器)|查不到来源的(?:枪|手枪|武器)|土枪|土炸弹|(?:枪|枪支|弹药)${'[^。！？\\n]{0,10}'}(?:寄快递|邮寄|快递|过安检)|过安检${'[^。！？\\n]{0,10}'}不被(?:查出|发现)|光气|仿真枪${'[^。！？\\n]{0,10}'}(?:改|打实弹|真枪)|改(?:装|成)${'[^。！？\\n]{0,10}'}(?:真枪|能打实弹)|能打实弹|(?:黑|自制)火药|火药${'[^。！？\\n]{0,8}'}(?:枪|炸|雷管)|(?:通过|躲过|绕过|混过|骗过|逃过)${'[^。！？\\n]{0,8}'}安检的${'[^。！？\\n]{0,4}'}(?:刀|刀具|匕首|武器|利器)|(?:刀|刀具|匕首|利器)${'[^。！？\\n]{0,10}'}(?:过安检|躲过安检|绕过安检|混过安检|带上(?:飞机|地铁|高铁))|\\b(?:knife|knives|blades?|weapons?)\\b${'[^.!?\\n]{0,40}'}\\b(?:past|through|by)\\s+(?:the\\s+)?(?:airport |metro |subway |stadium |tsa )?(?:security|metal detectors?|body scanners?|x-?ray)(?! rules| guidelines| regulations| policy)\\b`),
  },
  {
    category: 'MALWARE',
    triggers: ['ransomware', 'keylogger', 'keyloggers', 'malware', 'virus', 'viruses', 'trojan', 'trojans', 'worm', 'worms', 'botnet', 'botnets', 'rootkit', 'rootkits', 'backdoor', 'backdoors', 'spyware', 'stealer', 'infostealer', 'exploit', 'exploits', 'ddos', 'hack', 'crack', 'cracking', 'steal', 'bypass', 'evade', 'reverse', 'credential', 'injection', 'defender', 'cryptojacking', 'cryptojack', 'replicating', 'polymorphic', 'fud', 'crypter', '勒索', '木马', '病毒', '蠕虫', '键盘', '后门', '僵尸', '黑进', '入侵', '破解', '盗取', '免杀', '绕过', '反弹', '提权', '肉鸡', '零日', '挖矿', 'escalating', 'escalate', 'privilege', 'face', 'facial', '人脸', '登录', '潜进', '潜入', '渗透', '提权', '转走', 'encrypt', 'encrypts', 'encrypting', 'ransom', 'grades', 'grade', 'sql', '改成', '注入', 'break', 'breaking', '窃取', '偷取', 'spreading', 'propagating'],
    object: g(`\\b(?:ransomware|keyloggers?|malware|computer virus(?:es)?|trojans?|worms? that|botnets?|rootkits?|backdoors?|spyware|stealer|info-?stealer|rats? \\(remote access|remote access trojan|zero-?day exploits?|exploit (?:code|for cve)|ddos (?:attack|tool|script)|(?:hack|break)(?:ing)? into|exploit\\w* (?:an? |the )?(?:unpatched|vulnerable)|escalat\\w* to (?:domain admin|root|system|admin)|privilege escalation|(?:bypass|get around|defeat)\\w* (?:the )?(?:face|facial) (?:recognition|id|verification)|crack\\w* (?:[\\w']+ ){0,3}(?:passwords?|wi-?fi|wpa\\d?|wep|hash(?:es)?|logins?|accounts?)|steal (?:passwords|credentials|cookies|session tokens|crypto)|bypass (?:antivirus|av|edr|defender|authentication|2fa|mfa)|evade (?:antivirus|detection|edr)|reverse shell|credential stuffing|sql injection (?:payload|attack) (?:against|on|to)|disable (?:windows )?defender|cryptojack\\w*|self-?replicating (?:code|program|virus)|polymorphic (?:code|malware|virus)|fud (?:crypter|payload)|crypter|encrypt\\w* (?:every|all|each) (?:of the )?(?:user'?s? )?(?:files?|documents?)|ransom notes?|(?:note|message) (?:asking|demanding) (?:for )?(?:bitcoin|ransom|payment)|chang\\w* (?:my |the |their |students'? )?grades? in|(?:self-?spreading|self-?propagating) (?:code|program|worm|malware)|worms?)\\b|勒索软件|勒索病毒|木马|电脑病毒|计算机病毒|蠕虫病毒|键盘记录|后门程序|留后门|僵尸网络|ddos攻击|黑进|入侵(?:他人|别人|公司|政府|银行|服务器|系统|网站)|入侵${'[^。！？\\n]{0,12}'}(?:系统|服务器|网站|数据库)|绕过${'[^。！？\\n]{0,12}'}(?:人脸识别|实名认证|验证码|风控|二次验证|短信验证)|登录别人的(?:账户|账号)|(?:潜进|潜入|黑进|渗透)${'[^。！？\\n]{0,12}'}(?:内网|系统|服务器|网络)|提权|转走${'[^。！？\\n]{0,12}'}钱|sql注入(?:语句|攻击|payload)|改成绩|破解[^。！？\\n]{0,6}(?:密码|wifi|无线|账号)|(?:盗取|窃取|偷取)${'[^。！？\\n]{0,8}'}(?:密码|账号|凭证|cookie|口令)|蠕虫|免杀|绕过杀毒|绕过(?:安全)?检测|反弹shell|提权漏洞利用|肉鸡|零日漏洞利用|挖矿木马`),
  },
  {
    category: 'DRUGS',
    triggers: ['meth', 'methamphetamine', 'cocaine', 'heroin', 'fentanyl', 'carfentanil', 'lsd', 'mdma', 'ecstasy', 'ghb', 'pcp', 'dmt', 'ketamine', 'methcathinone', 'mephedrone', 'opium', 'morphine', 'opioid', 'opioids', 'rape', 'roofies', '冰毒', '甲基', '海洛', '可卡', '芬太', '摇头', 'k', '氯胺', '制毒', '毒品', '麻古', '迷药', '迷奸', '鸦片', '吗啡', '安眠', '神仙', 'pseudoephedrine', 'ephedrine', 'oxycodone', 'oxycontin', 'oxy', 'oxys', 'percocet', 'percocets', 'xanax', 'adderall', 'spike', 'spiking', '麻黄', '伪麻', 'codeine', 'grow', 'growing', 'refine', 'extract', 'extracting', 'prescription', 'controlled', '罂粟', '烟膏', '大烟', '精神', '处方', 'high', 'crush', 'snort', 'stack', '最嗨', '嗨起'],
    object: g(`\\b(?:meth(?:amphetamine)?|crystal meth|cocaine|crack cocaine|heroin|fentanyl|carfentanil|lsd|mdma|ecstasy pills|ghb|pcp|dmt|ketamine|methcathinone|mephedrone|morphine from|synthetic opioids?|date rape drugs?|roofies|pseudoephedrine|ephedrine|oxycodone|oxycontin|oxys?|percocets?|xanax|adderall|codeine|(?:grow|make|produce|refine|extract)\\w* opium|opium (?:from|poppies)|(?:prescription|controlled) (?:drugs|pills|meds|medication) without (?:a )?prescription|spik(?:e|ing) (?:a |someone'?s |her |his |their |my )?(?:drinks?|coffee|food)|(?:crush|snort|combin|mix|stack)\\w*\\b${'[^.!?\\n]{0,40}'}\\b(?:strongest|best|biggest|most intense|stronger|better) high|get(?:ting)? (?:the )?(?:strongest |best )?high (?:on|from|off) (?:pills|prescription|cough|painkillers?|meds)|pills? (?:to|that|which) (?:get|gets|make|makes) (?:you |me |people )?high)\\b|冰毒|甲基苯丙胺|海洛因|可卡因|芬太尼|摇头丸|k粉|氯胺酮|制毒|毒品|麻古|迷药|迷奸药|鸦片|吗啡|安眠药迷晕|神仙水|麻黄碱|麻黄素|伪麻黄碱|罂粟|烟膏|大烟|精神类药(?:品|物)|(?:吃|混|磨碎|碾碎|叠加)${'[^。！？\\n]{0,10}'}(?:最嗨|嗨起来|更嗨)|(?:不用|无需|没有|不要|不需要)处方的?${'[^。！？\\n]{0,6}'}药`),
  },
  {
    category: 'SELF_HARM',
    triggers: ['suicide', 'myself', 'life', 'selfharm', 'self', 'overdose', 'lethal', 'painless', 'painlessly', 'tired', 'never', 'wake', 'cut', 'cutting', 'hide', 'pills', 'tablets', 'die', 'kill', 'lives', 'herself', 'himself', 'themselves', 'oneself', '自杀', '自残', '割腕', '走得', '不疼', '伤害', '划在', '位置', '活着', '生命', '不想', '轻生', '上吊', '跳楼', '致死', '无痛', '怎么', '我想', '我要', '我打', '我准', '会死', '能死'],
    object: g(`\\b(?:suicide methods?|ways? to (?:kill myself|die|commit suicide|end (?:my|it))|kill(?:ing)? myself|end(?:ing)? my (?:own )?life|hang(?:ing)? myself|cut(?:ting)? myself|self-?harm|overdose on|lethal (?:dose|amount|quantity)|(?:most )?painless (?:ways?|death|methods?)|die without pain|end (?:her|his|their|one'?s) (?:own )?lives?|(?:kill|end) (?:herself|himself|themselves|oneself)|die painlessly|never wake up|hurt (?:herself|himself|themselves|myself) without|hides? (?:the |her |his |their )?(?:marks|cuts|scars)|how to cut (?:so|without|where|deep)|cut(?:ting)? (?:herself|himself|themselves|myself) (?:so|without|where)|hide (?:the |my |her |his )?(?:cuts|scars|self-?harm)|(?:pills|tablets) (?:and how many )?(?:would |to |that would )?(?:let (?:me|them|him|her) )?die|tired of (?:living|life|being alive))\\b|自杀|自残|割腕|结束(?:自己的|我的)?生命|不想活|走得不(?:那么)?疼|伤害自己|划在哪|不疼地(?:走|死)|在哪个位置下手|活着没意思|轻生|上吊|跳楼|致死剂量|无痛(?:地)?死|怎么死`),
    standalone: g(`\\b(?:i (?:want|plan|am going|'m going|intend) to (?:kill myself|die|end (?:my life|it all))|how (?:many|much)\\b[^.!?\\n]{0,30}\\b(?:to die|lethal|to overdose|kill me)|best way to (?:kill myself|commit suicide|die))\\b|我(?:想|要|打算|准备)(?:去)?(?:自杀|死|结束(?:自己的|我的)?生命|割腕|跳楼)|吃多少${'[^。！？\\n]{0,8}'}(?:会死|致死|能死)`),
  },
  {
    category: 'MINORS',
    triggers: ['sex', 'sexual', 'sexually', 'nude', 'naked', 'erotic', 'explicit', 'porn', 'lewd', 'nsfw', 'intimate', '色情', '性爱', '裸体', '裸照', '性行', '淫秽', '黄色', '性感', '露骨'],
    object: g(`$^`),
    standalone: g(`\\b(?:sex(?:ual)?|nude|naked|erotic|explicit|porn\\w*|lewd|nsfw|intimate)\\b[^.!?\\n]{0,40}\\b(?:child(?:ren)?|minors?|underage|kids?|preteens?|pre-teens?|toddlers?|\\d{1,2}[- ]years?[- ]olds?|loli|schoolgirls?|schoolboys?|little (?:girls?|boys?)|young (?:girls?|boys?) under)\\b|\\b(?:child(?:ren)?|minors?|underage|kids?|preteens?|\\d{1,2}[- ]years?[- ]olds?|loli|little (?:girls?|boys?))\\b[^.!?\\n]{0,30}\\b(?:sex(?:ual(?:ly)?)?|nude|naked|erotic|explicit|porn\\w*|lewd|nsfw)\\b|(?:色情|性爱|裸体|裸照|性行为|淫秽|黄色|性感|露骨)[^。！？\\n]{0,10}(?:儿童|未成年|幼女|幼童|小孩|萝莉|小学生|初中生|\\d{1,2}岁)|(?:儿童|未成年|幼女|幼童|小孩|萝莉|小学生|初中生|\\d{1,2}岁(?:的)?(?:女孩|男孩))[^。！？\\n]{0,10}(?:色情|性爱|裸体|裸照|性行为|淫秽|黄色|露骨)`),
  },
  {
    category: 'FRAUD',
    triggers: ['phishing', 'scam', 'scams', 'fake', 'counterfeit', 'launder', 'laundering', 'key', 'keys', 'keygen', 'keygens', 'credit', 'carding', 'identity', 'identities', 'steal', 'ponzi', 'butchering', 'impersonate', 'impersonating', 'impersonation', 'forge', 'swap', 'swapping', 'fraud', 'evasion', '钓鱼', '诈骗', '杀猪', '洗钱', '洗白', '毒资', '黑钱', '激活', '序列', '注册', '假钞', '伪造', '盗刷', '套现', '冒充', '假冒', '办假', 'scammer', 'scammers', 'scamming', 'scam', 'scams', 'grandparent', 'pretend', 'pretending', 'casino', 'gambling', 'defraud', 'defrauding', 'elderly', 'pensioners', 'grandson', 'granddaughter', 'grandchild', 'cvv', 'cvc', 'stolen', 'skimmer', 'skimmers', 'skimming', '假证', '卡号', '实名', '刷单', '电诈', '公检', '赌博', '赌场', '洗干', '真实', '真的', '能用', '有效', '假币', '水印', '安全', '钞票', 'clone', 'cloning', 'cloned', 'clones', 'skim', 'skims', '验证', '复制', '克隆'],
    object: g(`\\b(?:phishing (?:emails?|pages?|sites?|kits?|messages?|texts?|campaigns?)|scam (?:scripts?|emails?|messages?|calls?)|fake (?:invoices?|ids?|passports?|driver'?s licen[cs]es?|bank statements?|reviews?|charity|lottery|diplomas?|prescriptions?)|counterfeit (?:money|currency|bills|banknotes|notes)|counterfeit (?:us |u\\.s\\. |\\$)?\\$?\\d*\\s*(?:dollar |euro |yuan )?(?:bills|notes|banknotes)|launder(?:ing)? (?:the |my |our |their |dirty |drug |illegal )?(?:money|cash|funds|proceeds|crypto|bitcoin|profits?)|money laundering|(?:windows|office|product|activation|license|licence|serial|cd|steam) keys?|keygens?|credit card (?:fraud|skimm\\w*|dumps)|carding|identity theft|steal (?:someone'?s |a person'?s )?identit(?:y|ies)|ponzi scheme|pig butchering|impersonat\\w* (?:a|the|my) (?:bank|irs|police|tax office|ceo)|forge (?:a |an )?(?:signature|document|check|cheque|passport|id)|romance scams?|sim swap(?:ping)?|insurance fraud|tax evasion scheme|scripts? (?:that )?scammers use|scammers?'? (?:scripts?|playbooks?|lines)|(?:phone|call|con|scam|trick|defraud)\\w* (?:old|elderly) (?:people|persons?|folks|men|women|ladies|couples)|pretending to be (?:their|a|the) (?:grandson|granddaughter|grandchild|bank|police|irs)|(?:credit|debit) card numbers? (?:with|and) (?:the )?(?:cvv|cvc|security codes?|expiry)|card numbers?[^.!?\\n]{0,40}\\b(?:cvv|cvc|security codes?)|(?:stolen|working|valid|real|live) (?:credit card|card|cc|social security|ssn|id card|passport) numbers|(?:card |atm |gas pump |pump )?skimm(?:er|ers|ing)(?: devices?)?|grand(?:parent|child) scams?|tech[- ]support scams?|scams? (?:targeting|aimed at|against) (?:the )?(?:elderly|seniors|old people|pensioners)|pretend\\w* (?:to be )?(?:the |a |their )?grand(?:son|daughter|child)|online (?:casino|gambling) (?:platform|site)s?|illegal gambling|clon\\w*\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,3}?(?:badges?|access cards?|key ?cards?|key ?fobs?|credit cards?|bank cards?|debit cards?|sim cards?)\\s+(?:of|from|belonging to)\\s+(?:the\\s+|a\\s+)?(?:[\\w']+\\s+){0,2}?(?:staff|employees|workers|guards|people|victims|customers|users|strangers|colleagues|coworkers|owners?|someone|others|target)|clon\\w*\\s+(?:someone|somebody|other people|strangers|victims|coworkers|colleagues|employees)'?s?\\s+(?:[\\w-]+\\s+){0,2}?(?:badges?|access cards?|key ?cards?|key ?fobs?|credit cards?|bank cards?|debit cards?|sim cards?)|clon\\w*\\s+(?:an?\\s+|the\\s+)?(?:contactless\\s+)?(?:credit|bank|debit)\\s+cards?|skim\\w*\\s+(?:and\\s+(?:replay|clone)\\s+)?(?:the\\s+|their\\s+)?(?:badge|card|rfid|nfc|access)\\s+(?:credentials|data|ids?|numbers))\\b|钓鱼(?:邮件|网站|短信|链接|页面|工具|套件|模板|程序|软件)|诈骗(?:话术|剧本|短信|脚本|方法|技巧|流程|手法|套路)|(?:怎么|如何|教我|帮我)诈骗|电信诈骗|杀猪盘|洗钱|洗白(?:资金|毒资|黑钱)?|毒资|黑钱|激活码|序列号|注册机|假钞|伪造(?:证件|身份证|发票|护照|公章|签名|病历|学历)|伪造${'[^。！？\\n]{0,12}'}(?:公章|印章|证件|身份证|发票|合同)|盗刷|信用卡套现|冒充(?:银行|公安|警察|客服|领导|公检法)|冒充${'[^。！？\\n]{0,6}'}(?:客服|快递员|工作人员|民警|老师|辅导员)${'[^。！？\\n]{0,16}'}(?:骗|套|要)|骗${'[^。！？\\n]{0,8}'}(?:验证码|支付密码|银行卡密码)|(?:偷偷|悄悄|别人的|他人的|同事的)${'[^。！？\\n]{0,6}'}(?:复制|克隆)${'[^。！？\\n]{0,6}'}(?:门禁卡|工卡|工牌|银行卡|信用卡|sim卡)|(?:复制|克隆)${'[^。！？\\n]{0,4}'}(?:别人|他人|同事|员工|客户)的?${'[^。！？\\n]{0,4}'}(?:门禁卡|工卡|工牌|银行卡|信用卡|sim卡)|假冒(?:客服|银行)|办假证|做假证|假证件|(?:银行卡|信用卡)(?:的)?(?:卡)?号${'[^。！？\\n]{0,8}'}(?:密码|cvv|安全码)|(?:不用|无需|免|不要)实名的?(?:手机卡|电话卡|电话号|卡)|刷单|电诈|网络赌博|赌博平台|开设赌场|地下赌场|把钱洗干净|(?:真实|真的|能用|有效)的?(?:身份证号码?|银行卡号|信用卡号|卡号和密码|社保号)|假币|(?:仿|伪造)${'[^。！？\\n]{0,6}'}(?:水印|安全线|钞票|人民币)`),
  },
  {
    category: 'HATE',
    triggers: ['racist', 'hateful', 'antisemitic', 'semitic', 'sexist', 'homophobic', 'transphobic', 'xenophobic', 'islamophobic', 'supremacist', 'nazi', 'cleansing', 'genocide', 'exterminate', 'exterminating', 'extermination', 'inferior', 'subhuman', 'animals', 'vermin', 'parasites', 'evil', 'stupid', 'worse', '种族', '劣等', '低等', '垃圾', '畜生', '蟑螂', '歧视', '消灭', '灭绝', '清除', 'recruitment', 'propaganda', 'nationalist', 'extremist', 'terrorist', 'jihadist', '煽动', '仇恨', '号召', '鼓动', '攻击', '袭击', '驱逐'],
    object: g(`\\b(?:(?:racist|hateful|antisemitic|anti-semitic|sexist|homophobic|transphobic|xenophobic|islamophobic|white supremacist|nazi) (?:jokes?|rants?|essays?|speech(?:es)?|manifestos?|propaganda|slogans?|posts?|tweets?|songs?|poems?|content|arguments?)|ethnic cleansing|genocide (?:of|against)|exterminat\\w* (?:the )?(?:jews|muslims|blacks|gays|immigrants|asians|chinese|uyghurs|tibetans|\\w+ people)|(?:jews|muslims|black people|gay people|women|immigrants|asians|chinese people|africans) (?:are|as) (?:inferior|subhuman|animals|vermin|parasites|evil|stupid)|why (?:\\w+ )?(?:jews|muslims|black people|gay people|women|immigrants|asians) (?:are|is) (?:inferior|subhuman|evil|stupid|worse)|(?:recruitment|recruiting|propaganda) (?:\\w+ ){0,3}(?:for )?(?:a |an |the )?(?:violent |militant |armed )?(?:white[- ]supremacist|white[- ]nationalist|neo-?nazi|nazi|extremist|terrorist|jihadist)|(?:white[- ]supremacist|white[- ]nationalist|neo-?nazi|extremist|terrorist|jihadist) (?:group|organi[sz]ation|movement|cell)'?s? (?:recruitment|propaganda|manifesto|flyers?|posts?))\\b|种族灭绝|劣等(?:民族|种族|人种)|(?:种族|民族|宗教|地域|性别)歧视(?:的)?(?:言论|文章|笑话|口号|段子|宣传)|(?:消灭|灭绝|清除)(?:所有)?(?:的)?${'[^。！？\\n]{0,4}'}(?:民族|族人|人种|穆斯林|犹太人|黑人|同性恋)|(?:黑人|犹太人|穆斯林|女人|同性恋|外地人|河南人|东北人)(?:都)?是(?:劣等|低等|垃圾|畜生|蟑螂)|煽动${'[^。！？\\n]{0,12}'}(?:仇恨|暴力|歧视|敌意)|(?:号召|鼓动|煽动)${'[^。！？\\n]{0,10}'}(?:攻击|殴打|驱逐|消灭|袭击)|(?:攻击|袭击|驱逐)${'[^。！？\\n]{0,10}'}(?:少数民族|民族|种族|宗教|信徒)|(?:仇恨|歧视)(?:性)?的?(?:宣传|文章|言论|标语)`),
  },
  {
    category: 'CRIME',
    triggers: ['immobiliser', 'immobilizer', 'noticing', 'knowing', 'shoplift', 'shoplifting', 'steal', 'stealing', 'lock', 'locks', 'padlock', 'padlocks', 'lockpicking', 'parked', 'locked', 'hurt', 'injure', 'burglar', 'burglary', 'hotwire', 'hotwiring', 'stalk', 'stalking', 'drug', 'drugging', 'poison', 'poisoning', 'cameras', 'camera', 'cctv', '偷东', '偷车', '偷钱', '偷窃', '盗窃', '入室', '撬锁', '开锁', '防盗', '跟踪', '前任', '前女', '前男', '下药', '投毒', '拍到', '铁丝', '锁芯', '打开', '撬开', '弄开', '毒死', '死人', '毒倒', '尸检', '无色', '下多', '毒药', '人也', '把人', '人肉', '开房', '住哪', '饭菜', '菜里', '汤里', '水里', '饮料', '酒里', '茶里', '里下', '法医', '查不', 'undetectable', 'autopsy', 'toxicology', 'coroner', '住在', '行踪', '每天', 'deadbolt', 'deadbolts', 'relay', 'keyless', 'dox', 'doxx', 'doxing', 'doxxing'],
    object: g(`\\b(?:shoplift\\w*|steal\\w* (?:from (?:a |the )?(?:store|shop|mall|supermarket)|a car|cars|a bike|someone'?s (?:car|wallet|phone|identity))|pick(?:ing)? (?:[\\w'-]+ ){0,3}?(?:locks?|door locks?|padlocks?|deadbolts?)|(?:relay (?:box|attack|device)|beat keyless[- ]entry|(?:defeat|bypass)\\w* keyless[- ]entry)|dox(?:x)?(?:ing)? (?:someone|a person|him|her|my)|undetectable poisons?|poisons? (?:that|which) (?:can'?t|cannot|won'?t) be (?:detected|traced|found)|(?:autopsy|toxicology|coroner) (?:won'?t|wouldn'?t|can'?t|cannot) (?:find|detect|show)|find (?:out )?where (?:someone|a person|he|she|they) lives?|open(?:ing)? (?:a |the |someone'?s )?(?:parked |locked )?cars? without (?:the |a )?keys?|(?:hurt|harm|kill|poison|injure) (?:someone|somebody|a person|people|my (?:neighbou?r|boss|wife|husband|ex))|lock-?picking|break(?:ing)? into (?:a |the |my neighbou?r'?s? |someone'?s )?(?:house|home|apartment|flat|car|store|shop)|burglar\\w*|hot-?wir\\w* (?:a |the |my |someone'?s )?(?:\\w+ )?(?:cars?|vehicles?|trucks?)|(?:get around|bypass|defeat)\\w* (?:the |an? )?immobili[sz]er|(?:location|phone|messages|texts|camera|accounts?)[^.!?\\n]{0,40}without (?:them|him|her|the (?:person|victim|owner)) (?:ever )?(?:noticing|knowing|finding out)|(?:stalk|track)\\w* (?:my |an? |the )?(?:ex|wife|husband|girlfriend|boyfriend|partner|someone|person|neighbou?r)(?:'s (?:phone|location|car))?|drug(?:ging)? (?:someone|a person|her|him|my (?:wife|husband|date))|poison(?:ing)? (?:someone|a person|her|him|my)|without (?:being|getting) (?:seen|caught|noticed) (?:by|on) (?:the )?(?:cameras?|cctv|security))\\b|偷东西|偷车|偷钱|偷窃|盗窃|入室(?:盗窃|抢劫)?|撬锁|(?:用|拿)${'[^。！？\\n]{0,6}'}(?:铁丝|发卡|卡片)${'[^。！？\\n]{0,6}'}(?:打开|开)${'[^。！？\\n]{0,4}'}(?:门|锁)|开(?:别人家的)?(?:防盗门|门锁)|(?:打开|撬开|弄开)${'[^。！？\\n]{0,10}'}(?:防盗门|门锁|锁芯)|跟踪(?:前任|前女友|前男友|老婆|老公|别人|他人)|(?:偷偷)?定位(?:别人|他人|前任)的?手机|(?:饮料|酒|水|杯子|咖啡|茶)里下药|给(?:他|她|别人|人)下药|投毒|毒死(?:人|他|她|别人)|(?:尸检|法医)${'[^。！？\\n]{0,12}'}(?:查不出|难查出|查不到|验不出)|无色无味的?毒药|下多少(?:剂量|量)?(?:能|才能|会)致死|毒药${'[^。！？\\n]{0,12}'}(?:买到|剂量)|(?:把|让)人(?:也)?毒(?:倒|死|晕)|(?:药|毒)死人|不被(?:监控|摄像头)(?:拍到|发现)|人肉搜索|开房记录|(?:饭菜|饭|菜|汤|水|饮料|酒|茶|咖啡)里(?:长期|偷偷|慢慢|每天)?下(?:点|些)?(?:东西|药|毒)|法医(?:也)?(?:查不出|验不出|发现不了)|查不出来的毒|查(?:到|出)?(?:他|她|别人|某人|一个人)?(?:住哪|住在哪|的住址|的行踪|每天去哪)`),
  },
];

const LEXICON_KEYS = LEXICONS.map((l) => keysOf(l.triggers));

// A request for operational help, or making the thing.
const REQUEST = /\b(?:how (?:to|do|can|could|would|should|does one|did)|steps?|step-by-step|instructions?|recipe|guide|tutorial|teach|explain (?:how|exactly)|show (?:me|us)|tell (?:me|us) how|walk (?:me|us) through|write|create|make|making|build|develop|code|coding|program|synthesi[sz]\w*|produce|manufactur\w*|cook|assemble|craft|generate|design|detailed|procedure|formula|ingredients|materials (?:needed|list)|precursors?|where (?:can i|to|do i) (?:buy|get|obtain|find)|buy|obtain|acquire|give me|provide|list (?:the|all)|help me|i need|i want|script|source code|payload|deploy|spread|launch|carry out|get away with|untraceable|without getting caught|talk (?:me|us) through|extracts?|extracting|exactly how|quantities|every step|(?:easiest|best|quickest|cheapest) ways? to|without (?:a )?prescription|which \w+ (?:can|should) i)\b|怎么|如何|怎样|步骤|教我|教程|方法|配方|制作|制造|合成|提炼|写一(?:个|段|封|篇|份|套)|编写|生成|给我|详细|流程|提供|哪里(?:买|能买|可以买)|购买|获取|弄到|帮我|我需要|我想要|代码|脚本|原料|材料/g;
// Words of study, defence and care: the topic is discussed, not requested.
const BENIGN = /\b(?:prevent\w*|protect\w*|defen[cs]\w*|defend\w*|detect\w*|history|historical|what (?:is|are|was|were)|dangers?|risks?|harms?|symptoms?|treat\w*|recover\w*|rehab\w*|report\w*|awareness|laws?|regulat\w*|policy|avoid\w*|identify\w*|recogni[sz]\w*|spot|signs? of|mitigat\w*|remov\w*|clean\w*|stop\w*|fight\w*|combat\w*|safe(?:ty|r|ly)?|police|arrest\w*|dismantl\w*|seiz\w*|hotline|help (?:a|my) (?:friend|child|son|daughter)|quit\w*|addiction|overcome|cope|coping|survivors?|victims?|analy[sz]\w*|explain why|why (?:is|are|do|does|did)|documentary|museum|ban(?:ned)?|illegal|penalt\w*|sentence|crime statistics|support|backups?|so (?:that )?(?:i|we) can (?:explain|teach|train|warn|show|understand))\b|预防|防范|防御|防止|防护|检测|识别|历史|危害|是什么|为什么|治疗|戒(?:毒|掉|除)|举报|清除|查杀|避免|辨别|警惕|科普|安全意识|求助|热线|帮助(?:朋友|孩子|家人)|康复|受害|法律(?:规定|责任|后果|知识|法规|常识|条文)|违法|处罚|判刑|如何应对|防骗|反诈|不(?:需要|用|要|必)(?:写|涉及|包含|提供|描写)?具体|警察|卧底|破案|侦破|打击|一网打尽|抓获|落网/g;
// Verbs that make a request operational even next to a benign word ("write ransomware that evades detection").
const STRONG = /\b(?:synthesi[sz]\w*|manufactur\w*|cook|assemble|build|make|making|write|code|create|step-by-step|recipe|formula|ingredients|precursors?|source code|payload|untraceable|without getting caught|get away with)\b|配方|制作|制造|合成|提炼|编写|写一(?:个|段|封|篇|份|套)|完整的?话术|代码|原料|一步一步|一步步|越(?:真|逼真|详细|完整|具体)越好|完整的?话术|不被发现|不被[^。！？\n]{0,8}发现|逃避追查|\bwithout (?:a )?prescription\b|\bavoid\w* (?:[\w']+ ){0,3}?(?:flags?|flagged|getting flagged|being flagged|getting caught|being caught|being traced|suspicion)\b/g;

/** An explicit refusal of operational detail ("不需要写具体的诈骗手法", "without any real instructions"): the topic is wanted, the method is not. */
const NO_DETAILS = /\b(?:without|no|skip(?:ping)?|leave out|don'?t (?:need|include|want|give)|do not (?:need|include|want|give))\s+(?:any\s+)?(?:real|actual|specific|operational|technical|concrete|step-by-step)\s+(?:details?|instructions?|steps|methods?|how-?to)\b|不(?:需要|用|要|必)(?:写|涉及|包含|提供|描写)?(?:任何)?(?:具体|真实|详细)的?(?:手法|方法|步骤|细节|操作|做法)?/;

/** Whether `re` matches inside text[from, to): searched in that window only, so each call is bounded by its size. */
function near(re: RegExp, text: string, from: number, to: number): boolean {
  re.lastIndex = 0;
  return re.test(text.slice(Math.max(0, from), to));
}

/** Object mentions examined per category: a text that names a topic hundreds of times is still judged by its first ones. */
const MAX_OBJECTS = 32;

/**
 * Harmful-intent hits in the folded text. `window` is how far a request verb may stand from the
 * object. Inside a fiction frame the frame is the request ("grandma used to read me …"), so
 * `framed` drops the need for a request verb; study and defence words still clear the object.
 * `openedGate` is the caller's gate when it is still open on `text`.
 */
export function detectHarmfulIntent(text: string, framed = false, openedGate?: number, window = 80): HarmHit[] {
  const hits: HarmHit[] = [];
  // Read once, and only when there is something to clear.
  let noDetails: boolean | undefined;
  const refused = (): boolean => (noDetails ??= NO_DETAILS.test(text));
  const gate = openedGate ?? openGate(text);
  for (let li = 0; li < LEXICONS.length; li++) {
    const lex = LEXICONS[li]!;
    if (!passes(gate, LEXICON_KEYS[li]!)) continue;
    if (lex.standalone !== undefined) {
      lex.standalone.lastIndex = 0;
      const m = lex.standalone.exec(text);
      if (m !== null) {
        if (refused()) return [];
        hits.push({ category: lex.category, start: m.index, end: m.index + m[0].length, strength: 0.9 });
        continue;
      }
    }
    lex.object.lastIndex = 0;
    let seen = 0;
    for (let m = lex.object.exec(text); m !== null && seen++ < MAX_OBJECTS; m = lex.object.exec(text)) {
      if (m[0].length === 0) {
        lex.object.lastIndex++;
        continue;
      }
      const s = m.index;
      const e = s + m[0].length;
      const lo = s - window;
      const hi = e + window / 2;
      if (!framed && !near(REQUEST, text, lo, hi)) continue;
      const benign = near(BENIGN, text, lo, hi);
      if (benign && !near(STRONG, text, lo, hi)) continue;
      if (refused()) return [];
      hits.push({ category: lex.category, start: s, end: e, strength: benign ? 0.6 : 0.8 });
      break;
    }
  }
  return hits;
}

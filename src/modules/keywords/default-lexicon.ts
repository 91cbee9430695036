// tianping's default lexicon for e-commerce and finance governance, written by the team (not copied from a
// public list: those hit 45-61 % of benign reviews). TERMS.txt format (see core/lexicon.ts):
//   term <TAB> category <TAB> severity <TAB> action <TAB> options
// Measured document-level false-positive rates on the clean reviews of ../shared/data are in
// docs/keywords.md (npm run eval:keywords). Rules followed while writing it:
//   - no everyday words: 微信 alone (微信支付), 四件套 (bedding), 菠菜 (a vegetable) stay out;
//   - bare 假货/山寨/冒牌 are listing-only (scope=listing): buyers write them in honest complaints;
//   - allow-list entries cover the usual negations (不是假货, 拒绝刷单);
//   - pinyin and homophone variants only where the trade uses them (薇信, V信, 唰单), never broadly.
import { parseTerms, type LexiconTerm } from './core/lexicon.ts'

export const defaultLexiconText = `# tianping default lexicon v1
# term	category	severity	action	options

# counterfeit 假冒
高仿	counterfeit	high	review
精仿	counterfeit	high	review
超A	counterfeit	high	review
A货	counterfeit	high	review	boundary=on
1:1	counterfeit	medium	review	scope=listing
一比一复刻	counterfeit	high	review
复刻版	counterfeit	medium	review	scope=listing
顶级复刻	counterfeit	high	review
原单货	counterfeit	high	review
原单正品	counterfeit	high	review
原厂尾单	counterfeit	high	review
跟单货	counterfeit	high	review
仿品	counterfeit	high	review	scope=listing
仿牌	counterfeit	high	review
莆田鞋	counterfeit	high	review
莆田货	counterfeit	high	review
假货	counterfeit	medium	review	scope=listing
山寨	counterfeit	medium	review	scope=listing
冒牌	counterfeit	medium	review	scope=listing
假冒品牌	counterfeit	high	review
大牌代工	counterfeit	medium	review
专柜品质	counterfeit	low	flag	scope=listing
不是假货	counterfeit	low	allow
不是高仿	counterfeit	low	allow
非高仿	counterfeit	low	allow
拒绝高仿	counterfeit	low	allow
打击高仿	counterfeit	low	allow

# off-platform trade 站外交易
加微信	off_platform	medium	review	pinyin; variants=加威信|加薇信|加V信|加v信|加vx|加wx|加卫星
加我微信	off_platform	medium	review	pinyin; variants=加我威信|加我薇信|加我vx
加我v信	off_platform	medium	review
微信号	off_platform	medium	review	variants=威信号|薇信号|vx号|v信号
加QQ	off_platform	medium	review	variants=加扣扣|加qq群
扣扣号	off_platform	medium	review
私下交易	off_platform	high	review
线下交易	off_platform	medium	review	scope=listing
站外交易	off_platform	high	review
绕过平台	off_platform	high	review
不走平台	off_platform	high	review
私下转账	off_platform	high	review
直接转账给我	off_platform	high	review
拍下不发货	off_platform	medium	review	scope=listing
联系客服微信	off_platform	medium	review

# fake invoice 虚开发票
代开发票	fake_invoice	critical	block	variants=代开fa票|代開發票|代kai发票
代开增值税	fake_invoice	critical	block
代开专票	fake_invoice	critical	block
代开普票	fake_invoice	critical	block
发票代开	fake_invoice	critical	block
虚开发票	fake_invoice	critical	block
真票代开	fake_invoice	critical	block
出售发票	fake_invoice	critical	block
买卖发票	fake_invoice	critical	block
增值税发票出售	fake_invoice	critical	block

# order brushing 刷单
刷单	order_brushing	high	block	variants=唰单|刷dan|shua单
刷信誉	order_brushing	high	block
刷好评	order_brushing	high	block
刷销量	order_brushing	high	block
刷钻	order_brushing	high	block
刷皇冠	order_brushing	high	block
招刷手	order_brushing	high	block
兼职刷	order_brushing	high	block
好评返现	order_brushing	high	review
五星好评返	order_brushing	high	review
晒图返现	order_brushing	high	review
返现好评	order_brushing	high	review
空包代发	order_brushing	high	block
代发空包	order_brushing	high	block
空包网	order_brushing	high	block
单号出售	order_brushing	high	block
拍A发B	order_brushing	high	block
防刷单	order_brushing	low	allow
反刷单	order_brushing	low	allow
拒绝刷单	order_brushing	low	allow
禁止刷单	order_brushing	low	allow
严禁刷单	order_brushing	low	allow

# gambling 赌博
网赌	gambling	critical	block
赌博网站	gambling	critical	block
网上赌场	gambling	critical	block
线上赌场	gambling	critical	block
百家乐	gambling	critical	block
时时彩	gambling	critical	block
六合彩	gambling	critical	block
赌球	gambling	critical	block
外围赌	gambling	critical	block
博彩	gambling	high	block
真人荷官	gambling	critical	block
幸运飞艇	gambling	high	block
北京赛车pk10	gambling	high	block
棋牌上下分	gambling	critical	block

# fraud and illegal finance 诈骗/非法金融
信用卡套现	fraud	critical	block
花呗套现	fraud	critical	block
白条套现	fraud	critical	block
套现秒到	fraud	critical	block
洗钱	fraud	critical	block
跑分平台	fraud	high	block
跑分赚佣金	fraud	high	block
收购银行卡	fraud	critical	block
出租银行卡	fraud	critical	block
收银行卡	fraud	critical	block
银行卡四件套	fraud	critical	block
黑户贷款	fraud	high	block
无视征信	fraud	high	block
征信修复	fraud	high	review
征信洗白	fraud	high	block
包下款	fraud	high	block
裸贷	fraud	critical	block
杀猪盘	fraud	critical	block
资金盘	fraud	critical	block
拉人头	fraud	high	review
稳赚不赔	fraud	high	review
保本高收益	fraud	high	review
高额返利	fraud	high	review
代理退保	fraud	high	review
全额退保	fraud	medium	flag	scope=review
退保维权	fraud	medium	review
内部渠道	fraud	medium	review	scope=listing

# prohibited goods 违禁品
冰毒	prohibited	critical	block
大麻	prohibited	critical	block
大麻烦	prohibited	low	allow
大麻花	prohibited	low	allow
摇头丸	prohibited	critical	block
K粉	prohibited	critical	block
迷药	prohibited	critical	block
迷幻药	prohibited	critical	block
听话水	prohibited	critical	block
催情药	prohibited	critical	block
春药	prohibited	critical	block
仿真枪	prohibited	critical	block
枪支出售	prohibited	critical	block
气枪	prohibited	critical	block
管制刀具	prohibited	high	block
窃听器	prohibited	critical	block
针孔摄像头	prohibited	critical	block
身份证出售	prohibited	critical	block
办假证	prohibited	critical	block
代办假证	prohibited	critical	block
代孕	prohibited	critical	block
高价收肾	prohibited	critical	block
肾源出售	prohibited	critical	block
代考	prohibited	high	block
考试答案	prohibited	high	review
象牙制品	prohibited	critical	block
犀牛角	prohibited	critical	block
穿山甲	prohibited	critical	block
公民个人信息	prohibited	high	review

# abuse 辱骂
傻逼	abuse	medium	flag	variants=煞笔|傻b|傻B|沙比
操你妈	abuse	high	flag	variants=草泥马|cnm
你妈逼	abuse	high	flag
狗日的	abuse	medium	flag
脑残	abuse	low	flag
`

export function defaultLexicon(): LexiconTerm[] {
  const { terms, errors } = parseTerms(defaultLexiconText)
  if (errors.length) throw new Error(`default lexicon: line ${errors[0]?.line}: ${errors[0]?.message}`)
  return terms
}

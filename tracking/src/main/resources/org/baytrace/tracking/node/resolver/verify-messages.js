// BayTrace page verification: what the phone says, in English, Simplified and Traditional Chinese.

const MESSAGES = {
  en: {
    verified: '✓ Verified on this phone',
    verifiedDetail: '{n} records checked here, not on the server\'s word: author signatures, inclusion in the ledger\'s '
      + 'checkpoint of tree size {size}, signed by {k} of the {m} keys this code names.',
    failed: '✗ Not verified on this phone',
    failedDetail: 'This page does not match the ledger\'s proofs. Treat it with care.',
    noRoot: 'Not verified independently',
    noRootDetail: 'This link carries no trust root, so this phone could not check the page independently of the server '
      + 'that sent it. Scan the code on the product to check it.',
    unsupported: 'This browser cannot verify',
    unsupportedDetail: 'It lacks Ed25519 signature checks (WebCrypto), so the page is shown as the server sent it. '
      + 'Open the link in a current browser to verify it.',
    nothing: 'No records to check on this phone.',
    historyWarning: 'Warning: the ledger\'s history changed since this phone last verified it.',
    checks: {
      trust: 'Trust root', checkpoint: 'Checkpoint signatures', inclusion: 'Inclusion proof', author: 'Author signature',
      entry: 'Log entry', facts: 'Page facts', consistency: 'History since the last visit', network: 'Proofs',
      registry: 'Registry changes', revocation: 'Revoked keys',
    },
    revokedTag: 'signed by a key revoked since',
  },
  'zh-Hans': {
    verified: '✓ 已在本机验证',
    verifiedDetail: '本机已自行核验 {n} 条记录，而非只信服务器：作者签名、记录包含在账本树大小为 {size} 的检查点中，'
      + '且检查点由追溯码指定的 {m} 把密钥中的 {k} 把签名。',
    failed: '✗ 本机验证未通过',
    failedDetail: '此页面与账本证明不符，请谨慎对待。',
    noRoot: '未能独立验证',
    noRootDetail: '此链接未携带信任根，本机无法独立于发送页面的服务器进行核验。请扫描产品上的追溯码再查看。',
    unsupported: '此浏览器无法验证',
    unsupportedDetail: '此浏览器不支持 Ed25519 签名校验（WebCrypto），页面按服务器发送的内容显示。请用较新的浏览器打开此链接进行验证。',
    nothing: '没有可在本机核验的记录。',
    historyWarning: '警告：自本机上次验证以来，账本历史已被改变。',
    checks: {
      trust: '信任根', checkpoint: '检查点签名', inclusion: '包含证明', author: '作者签名', entry: '日志条目',
      facts: '页面内容', consistency: '与上次访问的历史一致性', network: '证明', registry: '登记册变更',
      revocation: '已撤销的密钥',
    },
    revokedTag: '签名密钥已被撤销',
  },
  'zh-Hant': {
    verified: '✓ 已在本機驗證',
    verifiedDetail: '本機已自行核驗 {n} 筆記錄，而非只信伺服器：作者簽章、記錄包含在帳本樹大小為 {size} 的檢查點中，'
      + '且檢查點由追溯碼指定的 {m} 把金鑰中的 {k} 把簽署。',
    failed: '✗ 本機驗證未通過',
    failedDetail: '此頁面與帳本證明不符，請謹慎對待。',
    noRoot: '未能獨立驗證',
    noRootDetail: '此連結未攜帶信任根，本機無法獨立於傳送頁面的伺服器進行核驗。請掃描產品上的追溯碼再查看。',
    unsupported: '此瀏覽器無法驗證',
    unsupportedDetail: '此瀏覽器不支援 Ed25519 簽章校驗（WebCrypto），頁面按伺服器傳送的內容顯示。請用較新的瀏覽器開啟此連結進行驗證。',
    nothing: '沒有可在本機核驗的記錄。',
    historyWarning: '警告：自本機上次驗證以來，帳本歷史已被改變。',
    checks: {
      trust: '信任根', checkpoint: '檢查點簽署', inclusion: '包含證明', author: '作者簽章', entry: '日誌條目',
      facts: '頁面內容', consistency: '與上次造訪的歷史一致性', network: '證明', registry: '登記冊變更',
      revocation: '已撤銷的金鑰',
    },
    revokedTag: '簽名金鑰已被撤銷',
  },
};

const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/i;

/**
 * The language: the page's own (en, zh-Hans, zh-Hant-HK); for a page tagged only zh, the script the
 * reader prefers: an explicit ?lang=zh-Hant / zh-TW / zh-HK, else the browser's first Chinese language.
 */
export function language(pageLang, langParam, browserLanguages) {
  if (!/^zh/i.test(pageLang || '')) return 'en';
  if (/^zh-(hant|tw|hk|mo)\b/i.test(pageLang)) return 'zh-Hant'; // the server chose the script
  if (/^zh-(hans|cn|sg)\b/i.test(pageLang)) return 'zh-Hans';
  if (langParam && /^zh/i.test(langParam)) return TRADITIONAL.test(langParam) ? 'zh-Hant' : 'zh-Hans';
  const zh = (browserLanguages || []).find((l) => /^zh/i.test(l));
  return zh && TRADITIONAL.test(zh) ? 'zh-Hant' : 'zh-Hans';
}

export function messages(lang) {
  const m = MESSAGES[lang] || MESSAGES.en;
  return {
    text: (key, args) => (m[key] || MESSAGES.en[key]).replace(/\{(\w+)\}/g, (_, k) => String(args ? args[k] : '')),
    check: (name) => m.checks[name] || name,
  };
}

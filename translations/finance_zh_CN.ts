<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Finance</name>
    <message>
        <source>Sign off statement</source>
        <translation>签核对账单</translation>
    </message>
    <message>
        <source>Signing off freezes this statement: its matches cannot change until an approver reopens it. This is the summary that will be kept:</source>
        <translation>签核后此对账单将被冻结：在审批人重新打开之前，其匹配不能再更改。以下是将被保存的摘要：</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细行</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <source>Excluded (not payments)</source>
        <translation>已排除（非付款）</translation>
    </message>
    <message>
        <source>Left unmatched</source>
        <translation>仍未匹配</translation>
    </message>
    <message>
        <source>Suggestions waiting</source>
        <translation>待处理的建议</translation>
    </message>
    <message>
        <source>Total of the lines</source>
        <translation>明细合计</translation>
    </message>
    <message>
        <source>Total matched</source>
        <translation>已匹配合计</translation>
    </message>
    <message>
        <source>Written off</source>
        <translation>已核销</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) stay unmatched and will be signed off as they are.</source>
        <translation>
            <numerusform>%n 行仍未匹配，将按现状签核。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签核</translation>
    </message>
    <message>
        <source>Signing off…</source>
        <translation>正在签核…</translation>
    </message>
    <message>
        <source>The statement changed since this summary was made. Close this dialog and look again before signing off.</source>
        <translation>生成此摘要后对账单已被更改。请关闭此对话框，重新查看后再签核。</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>All statements</source>
        <translation>全部对账单</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>已签核</translation>
    </message>
    <message>
        <source>Account (exactly as on the statement)</source>
        <translation>账户（与对账单上完全一致）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>有建议</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1, imported by %2</source>
        <translation>%1，由 %2 导入</translation>
    </message>
    <message>
        <source>Loading statements…</source>
        <translation>正在加载对账单…</translation>
    </message>
    <message>
        <source>Statements</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Counterparty or order</source>
        <translation>交易对方或订单</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Loading exceptions…</source>
        <translation>正在加载异常…</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Import settlements and bank statements, reconcile them and sign them off.</source>
        <translation>导入结算单和银行对账单，进行对账并签核。</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <comment>statement line status</comment>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Suggested</source>
        <comment>statement line status: a match is proposed</comment>
        <translation>有建议</translation>
    </message>
    <message>
        <source>Matched</source>
        <comment>statement line status</comment>
        <translation>已匹配</translation>
    </message>
    <message>
        <source>Excluded</source>
        <comment>statement line status: not a payment (a bank fee)</comment>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>statement status: still being reconciled</comment>
        <translation>对账中</translation>
    </message>
    <message>
        <source>Signed off</source>
        <comment>statement status</comment>
        <translation>已签核</translation>
    </message>
    <message>
        <source>Exact reference</source>
        <comment>matching rule</comment>
        <translation>参考号一致</translation>
    </message>
    <message>
        <source>Learned from earlier matches</source>
        <comment>matching rule</comment>
        <translation>从以往匹配中学习</translation>
    </message>
    <message>
        <source>Amount and date</source>
        <comment>matching rule</comment>
        <translation>金额和日期</translation>
    </message>
    <message>
        <source>Amount less a fee</source>
        <comment>matching rule</comment>
        <translation>扣除手续费后的金额</translation>
    </message>
    <message>
        <source>Provider payout</source>
        <comment>matching rule</comment>
        <translation>渠道结算打款</translation>
    </message>
    <message>
        <source>Split over several lines</source>
        <comment>matching rule</comment>
        <translation>分多行支付</translation>
    </message>
    <message>
        <source>Partial, with a write-off</source>
        <comment>matching rule</comment>
        <translation>部分支付并核销差额</translation>
    </message>
    <message>
        <source>Matched by hand</source>
        <comment>matching rule</comment>
        <translation>手工匹配</translation>
    </message>
    <message>
        <source>Excluded</source>
        <comment>matching rule: the line is not a payment</comment>
        <translation>已排除</translation>
    </message>
    <message>
        <source>%1 (accepted)</source>
        <comment>a suggestion of this rule a person accepted</comment>
        <translation>%1（已采纳）</translation>
    </message>
    <message>
        <source>reference equal</source>
        <translation>参考号一致</translation>
    </message>
    <message numerus="yes">
        <source>reference cut short to %n character(s)</source>
        <translation>
            <numerusform>参考号被截短为 %n 个字符</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reference differs in %n character(s)</source>
        <translation>
            <numerusform>参考号有 %n 个字符不同</numerusform>
        </translation>
    </message>
    <message>
        <source>amount equal</source>
        <translation>金额一致</translation>
    </message>
    <message>
        <source>sum equal</source>
        <translation>合计一致</translation>
    </message>
    <message>
        <source>value date the day of the payment</source>
        <translation>起息日为付款当天</translation>
    </message>
    <message numerus="yes">
        <source>value date %n day(s) after the payment</source>
        <translation>
            <numerusform>起息日晚于付款 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>value date %n day(s) before the payment</source>
        <translation>
            <numerusform>起息日早于付款 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>gross amount equal, fee of %1 deducted</source>
        <translation>总额一致，已扣除手续费 %1</translation>
    </message>
    <message>
        <source>amount equal after a fee of %1</source>
        <translation>扣除手续费 %1 后金额一致</translation>
    </message>
    <message>
        <source>the line covers %1 of the payment</source>
        <translation>此行支付了该笔付款中的 %1</translation>
    </message>
    <message>
        <source>amount differs by %1</source>
        <translation>金额相差 %1</translation>
    </message>
    <message>
        <source>amount short by %1: write it off with a reason</source>
        <translation>金额少了 %1：请填写原因后核销</translation>
    </message>
    <message>
        <source>the only payment of this amount in the window</source>
        <translation>时间窗口内唯一一笔此金额的付款</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) of this amount in the window</source>
        <translation>
            <numerusform>时间窗口内有 %n 笔此金额的付款</numerusform>
        </translation>
    </message>
    <message>
        <source>same counterparty and reference pattern as an earlier match by a person</source>
        <translation>交易对方和参考号格式与此前一次人工匹配相同</translation>
    </message>
    <message numerus="yes">
        <source>payout of %n provider payment(s) of one day</source>
        <translation>
            <numerusform>一天内 %n 笔渠道付款的结算打款</numerusform>
        </translation>
    </message>
    <message>
        <source>paid out the same day</source>
        <translation>当天打款</translation>
    </message>
    <message numerus="yes">
        <source>paid out %n day(s) later</source>
        <translation>
            <numerusform>%n 天后打款</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>one of %n lines that together equal the payment</source>
        <translation>
            <numerusform>合计等于该付款的 %n 行之一</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <comment>between two reasons of a suggestion</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>Line no rule placed</source>
        <translation>规则未能匹配的明细行</translation>
    </message>
    <message>
        <source>Amount differs from the payment</source>
        <translation>金额与付款不符</translation>
    </message>
    <message>
        <source>Payment already matched elsewhere</source>
        <translation>付款已在别处匹配</translation>
    </message>
    <message>
        <source>Payment no line accounts for</source>
        <translation>没有明细行对应的付款</translation>
    </message>
    <message>
        <source>You matched lines of this statement; another approver must sign it off.</source>
        <translation>您匹配过此对账单的明细行，必须由另一位审批人签核。</translation>
    </message>
    <message>
        <source>This statement is signed off. Reopen it before changing its matches.</source>
        <translation>此对账单已签核。更改匹配前请先重新打开。</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) still have suggestions waiting: accept, reject or match them first.</source>
        <translation>
            <numerusform>还有 %n 行的建议待处理：请先采纳、拒绝或匹配。</numerusform>
        </translation>
    </message>
    <message>
        <source>The payments and the line differ by %1; write the difference off with a reason.</source>
        <translation>付款与明细行相差 %1；请填写原因后核销差额。</translation>
    </message>
    <message>
        <source>Someone changed this line or its payments meanwhile: %1</source>
        <translation>在此期间有人更改了此行或其付款：%1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 %4</source>
        <comment>order number · amount · provider and its reference</comment>
        <translation>%1 · %2 · %3 %4</translation>
    </message>
    <message>
        <source>‹ Statements</source>
        <translation>‹ 对账单</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All lines</source>
        <translation>全部明细</translation>
    </message>
    <message>
        <source>To do (unmatched or suggested)</source>
        <translation>待处理（未匹配或有建议）</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Auto-match</source>
        <translation>自动匹配</translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation>签核…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>#</source>
        <comment>line number in the statement</comment>
        <translation>行号</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>记账日</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <source>Suggested (%1)</source>
        <comment>status with the best score</comment>
        <translation>有建议（%1）</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Loading lines…</source>
        <translation>正在加载明细…</translation>
    </message>
    <message>
        <source>Candidate payments</source>
        <translation>候选付款</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Accept (Enter)</source>
        <translation>采纳（Enter）</translation>
    </message>
    <message>
        <source>Exclude… (X)</source>
        <translation>排除…（X）</translation>
    </message>
    <message>
        <source>Reject the suggestions: the line is not a payment of the shop (a bank fee, interest); asks why.</source>
        <translation>拒绝建议：此行不是店铺的付款（如银行手续费、利息）；会询问原因。</translation>
    </message>
    <message>
        <source>Unmatch (U)</source>
        <translation>取消匹配（U）</translation>
    </message>
    <message>
        <source>Note… (N)</source>
        <translation>备注…（N）</translation>
    </message>
    <message>
        <source>Match by hand: find unmatched payments</source>
        <translation>手工匹配：查找未匹配的付款</translation>
    </message>
    <message>
        <source>Order number or payment reference</source>
        <translation>订单号或付款参考号</translation>
    </message>
    <message>
        <source>Line&apos;s amount</source>
        <translation>本行金额</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Payment reference</source>
        <translation>付款参考号</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>amount not yet accounted for by a line</comment>
        <translation>未对应金额</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>收款时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Partly matched</source>
        <translation>部分匹配</translation>
    </message>
    <message>
        <source>Loading payments…</source>
        <translation>正在加载付款…</translation>
    </message>
    <message>
        <source>Match selected payments (M)</source>
        <translation>匹配所选付款（M）</translation>
    </message>
    <message>
        <source>Keys: J next line · K previous line · Enter accept · X exclude · M match selected · U unmatch · N note</source>
        <translation>按键：J 下一行 · K 上一行 · Enter 采纳 · X 排除 · M 匹配所选 · U 取消匹配 · N 备注</translation>
    </message>
    <message>
        <source>%1 · %2 to %3 · %4</source>
        <translation>%1 · %2 至 %3 · %4</translation>
    </message>
    <message>
        <source>%1 matched · %2 suggested · %3 unmatched · %4 excluded</source>
        <translation>已匹配 %1 · 有建议 %2 · 未匹配 %3 · 已排除 %4</translation>
    </message>
    <message>
        <source>Signed off by %1 on %2: read-only until an approver reopens it.</source>
        <translation>已由 %1 于 %2 签核：在审批人重新打开之前为只读。</translation>
    </message>
    <message>
        <source>Loading this line…</source>
        <translation>正在加载此行…</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Fee:</source>
        <translation>手续费：</translation>
    </message>
    <message>
        <source>Gross:</source>
        <translation>总额：</translation>
    </message>
    <message>
        <source>Booked:</source>
        <translation>记账日：</translation>
    </message>
    <message>
        <source>Value date:</source>
        <translation>起息日：</translation>
    </message>
    <message>
        <source>Counterparty:</source>
        <translation>交易对方：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考号：</translation>
    </message>
    <message>
        <source>Bank reference:</source>
        <translation>银行流水号：</translation>
    </message>
    <message>
        <source>Remittance:</source>
        <translation>附言：</translation>
    </message>
    <message>
        <source>By:</source>
        <translation>操作人：</translation>
    </message>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1（%2），%3</translation>
    </message>
    <message>
        <source>Written off:</source>
        <translation>核销：</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Why excluded:</source>
        <translation>排除原因：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>payment %1</source>
        <translation>付款 %1</translation>
    </message>
    <message>
        <source>%1 — accepting writes off %2 with a reason</source>
        <translation>%1 — 采纳时需填写原因并核销 %2</translation>
    </message>
    <message>
        <source>No suggestion: find the payments below and match them with M.</source>
        <translation>没有建议：请在下方查找付款并按 M 匹配。</translation>
    </message>
    <message>
        <source>You may look at this statement but not match its lines.</source>
        <translation>您可以查看此对账单，但不能匹配其明细行。</translation>
    </message>
    <message>
        <source>Line %1 has no suggestion to accept.</source>
        <translation>第 %1 行没有可采纳的建议。</translation>
    </message>
    <message>
        <source>Write off a difference</source>
        <translation>核销差额</translation>
    </message>
    <message>
        <source>The line and the payments differ by %1. Say why the difference is written off:</source>
        <translation>明细行与付款相差 %1。请说明核销差额的原因：</translation>
    </message>
    <message>
        <source>Line %1 matched.</source>
        <translation>第 %1 行已匹配。</translation>
    </message>
    <message>
        <source>Line %1 excluded.</source>
        <translation>第 %1 行已排除。</translation>
    </message>
    <message>
        <source>Line %1 saved.</source>
        <translation>第 %1 行已保存。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Line %1 is matched; unmatch it (U) before excluding it.</source>
        <translation>第 %1 行已匹配；排除前请先取消匹配（U）。</translation>
    </message>
    <message>
        <source>Exclude line %1</source>
        <translation>排除第 %1 行</translation>
    </message>
    <message>
        <source>The suggestions are rejected and the line is kept out of the matching: it is not a payment of the shop (a bank fee, interest, a transfer). Why?</source>
        <translation>将拒绝建议并把此行排除在匹配之外：它不是店铺的付款（如银行手续费、利息、转账）。原因是什么？</translation>
    </message>
    <message>
        <source>Select the payments of line %1 in the payments pane first (Ctrl+click for several).</source>
        <translation>请先在付款窗格中选择第 %1 行的付款（按住 Ctrl 点击可多选）。</translation>
    </message>
    <message>
        <source>Line %1 is matched already; unmatch it (U) first.</source>
        <translation>第 %1 行已匹配；请先取消匹配（U）。</translation>
    </message>
    <message>
        <source>Note on line %1</source>
        <translation>第 %1 行的备注</translation>
    </message>
    <message>
        <source>A note for whoever looks at this line (empty removes it):</source>
        <translation>给查看此行的人的备注（留空则删除）：</translation>
    </message>
    <message>
        <source>Running the matching rules…</source>
        <translation>正在运行匹配规则…</translation>
    </message>
    <message>
        <source>Auto-match: %1 matched, %2 with suggestions, %3 left unmatched.</source>
        <translation>自动匹配：已匹配 %1 行，%2 行有建议，%3 行未匹配。</translation>
    </message>
    <message>
        <source>Reopen statement</source>
        <translation>重新打开对账单</translation>
    </message>
    <message>
        <source>Reopening lets its matches change again; the sign-off has to be made anew. Why is it reopened?</source>
        <translation>重新打开后其匹配可再次更改，需要重新签核。为什么要重新打开？</translation>
    </message>
    <message>
        <source>“%1” is not an amount.</source>
        <translation>“%1”不是有效金额。</translation>
    </message>
</context>
</TS>

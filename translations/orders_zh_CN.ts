<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Orders</name>
    <message>
        <source>Select an order to see its details.</source>
        <translation>选择一个订单查看详情。</translation>
    </message>
    <message>
        <source>Loading the order…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>金额明细</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>History and notes</source>
        <translation>历史与备注</translation>
    </message>
    <message>
        <source>The order could not be loaded. %1</source>
        <translation>无法加载订单。%1</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税费</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>已收款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Left to refund</source>
        <translation>可退金额</translation>
    </message>
    <message>
        <source>No payment yet.</source>
        <translation>尚未付款。</translation>
    </message>
    <message>
        <source>by %1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>No refunds.</source>
        <translation>没有退款。</translation>
    </message>
    <message>
        <source>Not shipped yet.</source>
        <translation>尚未发货。</translation>
    </message>
    <message>
        <source>Order received as “%1”</source>
        <translation>收到订单，状态为“%1”</translation>
    </message>
    <message>
        <source>“%1” → “%2”</source>
        <translation>“%1” → “%2”</translation>
    </message>
    <message>
        <source>Note by %1 · %2</source>
        <translation>%1 的备注 · %2</translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Refund order %1</source>
        <translation>订单 %1 退款</translation>
    </message>
    <message>
        <source>Refund order %1 to %2</source>
        <translation>为订单 %1 向 %2 退款</translation>
    </message>
    <message>
        <source>Everything left</source>
        <translation>全部可退金额</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Required, e.g. “item arrived damaged”</source>
        <translation>必填，例如“商品到货时已损坏”</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Captured %1, refunded %2: up to %3 can be refunded.</source>
        <translation>已收款 %1，已退款 %2：最多还可退 %3。</translation>
    </message>
    <message>
        <source>Type an amount such as %1.</source>
        <translation>请输入金额，例如 %1。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>At most %1 is left to refund.</source>
        <translation>最多只能再退 %1。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Mark order %1 as shipped</source>
        <translation>将订单 %1 标记为已发货</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>取消订单 %1</translation>
    </message>
    <message>
        <source>Change order %1 from “%2” to “%3”?</source>
        <translation>将订单 %1 从“%2”改为“%3”？</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>承运商：</translation>
    </message>
    <message>
        <source>Tracking number:</source>
        <translation>运单号：</translation>
    </message>
    <message>
        <source>Required: why is the order cancelled?</source>
        <translation>必填：为什么取消此订单？</translation>
    </message>
    <message>
        <source>The customer is paid back everything not yet refunded: %1.</source>
        <translation>客户将收到全部未退款金额：%1。</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Keep order</source>
        <translation>保留订单</translation>
    </message>
    <message>
        <source>Add a note to order %1</source>
        <translation>为订单 %1 添加备注</translation>
    </message>
    <message>
        <source>Notes are for staff only; the customer never sees them.</source>
        <translation>备注仅供员工查看，客户看不到。</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Search order number, customer name or email (Ctrl+F)</source>
        <translation>搜索订单号、客户姓名或邮箱（Ctrl+F）</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建日期：</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Orders created on or after this day</source>
        <translation>在此日期当天或之后创建的订单</translation>
    </message>
    <message>
        <source>Orders created on or before this day</source>
        <translation>在此日期当天或之前创建的订单</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>最低 %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>最高 %1</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Type an amount such as 199.00</source>
        <translation>请输入金额，例如 199.00</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Find orders, follow them from payment to delivery, add notes and issue refunds.</source>
        <translation>查找订单，跟踪从付款到送达的全过程，添加备注并办理退款。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Loading orders…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <source>Go to:</source>
        <translation>跳转到：</translation>
    </message>
    <message>
        <source>Show the orders created on this day and before, newest first</source>
        <translation>显示在此日期当天及之前创建的订单，最新的在前</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>跳转</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save every order that matches the filters as a CSV file</source>
        <translation>将符合筛选条件的全部订单保存为 CSV 文件</translation>
    </message>
    <message>
        <source>No orders match these filters.</source>
        <translation>没有符合这些筛选条件的订单。</translation>
    </message>
    <message>
        <source>Counting orders…</source>
        <translation>正在统计订单…</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>导出订单</translation>
    </message>
    <message>
        <source>Exporting orders to %1…</source>
        <translation>正在将订单导出到 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exported %1 of %2 to %3…</source>
        <translation>已导出 %1 / %2 个订单，保存到 %3…</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <source>Exported %1 orders to %2…</source>
        <translation>已导出 %1 个订单到 %2…</translation>
    </message>
    <message>
        <source>Exported 1 order to %1.</source>
        <translation>已导出 1 个订单到 %1。</translation>
    </message>
    <message>
        <source>Exported %1 orders to %2.</source>
        <translation>已导出 %1 个订单到 %2。</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Export failed, no file was written: %1</source>
        <translation>导出失败，未写入任何文件：%1</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>待付款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>Fulfilling</source>
        <translation>备货中</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <source>Start fulfilling</source>
        <translation>开始备货</translation>
    </message>
    <message>
        <source>Mark as shipped…</source>
        <translation>标记为已发货…</translation>
    </message>
    <message>
        <source>Mark as delivered</source>
        <translation>标记为已送达</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完成订单</translation>
    </message>
    <message>
        <source>Cancel order…</source>
        <translation>取消订单…</translation>
    </message>
    <message>
        <source>Change to “%1”</source>
        <translation>改为“%1”</translation>
    </message>
    <message>
        <source>No orders</source>
        <translation>没有订单</translation>
    </message>
    <message>
        <source>1 order</source>
        <translation>1 个订单</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>%1 个订单</translation>
    </message>
    <message>
        <source>About %1 orders</source>
        <translation>约 %1 个订单</translation>
    </message>
    <message>
        <source>The server is still working on an earlier attempt. Wait a moment and submit again: it will not be done twice.</source>
        <translation>服务器仍在处理之前的请求。请稍候再次提交：不会重复执行。</translation>
    </message>
    <message>
        <source>An earlier attempt reached the server with other values. The order has been reloaded: check its refunds before you try again.</source>
        <translation>之前的一次请求已用其他数值到达服务器。订单已重新加载：请先检查其退款记录再重试。</translation>
    </message>
    <message>
        <source>That is more than is left to refund (%1).</source>
        <translation>超过了可退金额（%1）。</translation>
    </message>
    <message>
        <source>The server did not accept this (%1).</source>
        <translation>服务器未接受此操作（%1）。</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this to an order.</source>
        <translation>您的账户无权对订单执行此操作。</translation>
    </message>
    <message>
        <source>No answer from the server, so it is not known whether this was saved. Check the order before you submit again.</source>
        <translation>服务器没有响应，无法确定是否已保存。请先检查订单再重新提交。</translation>
    </message>
    <message>
        <source>No answer from the server, so it is not known whether this was done. Submit again: the server recognises a repeat and never does it twice.</source>
        <translation>服务器没有响应，无法确定操作是否已完成。请再次提交：服务器能识别重复请求，绝不会执行两次。</translation>
    </message>
    <message>
        <source>captured</source>
        <comment>payment status</comment>
        <translation>已收款</translation>
    </message>
    <message>
        <source>refunded</source>
        <comment>payment status</comment>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Changed at %1 by the storefront or a payment.</source>
        <translation>%1 由店铺或付款更新。</translation>
    </message>
    <message>
        <source>Changed by %1 at %2.</source>
        <translation>%1 于 %2 更新了此订单。</translation>
    </message>
    <message>
        <source>received from the storefront</source>
        <translation>来自店铺</translation>
    </message>
    <message>
        <source>payment captured via %1</source>
        <translation>已通过 %1 收款</translation>
    </message>
    <message>
        <source>Looking up the order as it is now…</source>
        <translation>正在查询订单的当前状态…</translation>
    </message>
    <message>
        <source>The order is now “%1”, which does not allow this any more.</source>
        <translation>订单现在的状态是“%1”，已不允许此操作。</translation>
    </message>
    <message>
        <source>Someone else changed this order after you opened it, so this was not done. What you typed is kept.</source>
        <translation>在您打开此订单后，其他人修改了它，因此此操作未执行。您输入的内容已保留。</translation>
    </message>
    <message>
        <source>New order %1</source>
        <translation>新订单 %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1，来自 %2</translation>
    </message>
    <message>
        <source>Refund issued</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Refund on %1</source>
        <translation>订单 %1 有退款</translation>
    </message>
    <message>
        <source>%1 refunded</source>
        <translation>已退款 %1</translation>
    </message>
    <message>
        <source>%1 refunded by %2</source>
        <translation>%2 退款 %1</translation>
    </message>
</context>
</TS>

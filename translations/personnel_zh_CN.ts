<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PermissionText</name>
    <message>
        <source>View staff accounts</source>
        <translation>查看员工账号</translation>
    </message>
    <message>
        <source>Create, edit and deactivate staff accounts</source>
        <translation>创建、编辑和停用员工账号</translation>
    </message>
    <message>
        <source>Create roles and change which permissions they grant</source>
        <translation>创建角色并调整其包含的权限</translation>
    </message>
    <message>
        <source>Read the audit trail</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>View orders and customers</source>
        <translation>查看订单和客户</translation>
    </message>
    <message>
        <source>Move orders through fulfilment, cancel them and add notes</source>
        <translation>推进订单履约、取消订单及添加备注</translation>
    </message>
    <message>
        <source>Refund money to customers</source>
        <translation>向客户退款</translation>
    </message>
    <message>
        <source>View products and categories</source>
        <translation>查看商品和类目</translation>
    </message>
    <message>
        <source>Edit products, stock and categories</source>
        <translation>编辑商品、库存和类目</translation>
    </message>
    <message>
        <source>Change product prices</source>
        <translation>修改商品价格</translation>
    </message>
    <message>
        <source>Create and change promotions and flash sales</source>
        <translation>创建和修改促销活动及限时秒杀</translation>
    </message>
    <message>
        <source>View settlements, statements and reconciliation</source>
        <translation>查看结算单、对账单及对账结果</translation>
    </message>
    <message>
        <source>Import settlements and bank statements</source>
        <translation>导入结算单和银行流水</translation>
    </message>
    <message>
        <source>Match statement lines and resolve exceptions</source>
        <translation>勾对流水明细并处理差异</translation>
    </message>
    <message>
        <source>Sign off reconciled statements</source>
        <translation>审核确认已对账的对账单</translation>
    </message>
    <message>
        <source>View support tickets and chats</source>
        <translation>查看客服工单和会话</translation>
    </message>
    <message>
        <source>Reply to customers in tickets and chats</source>
        <translation>在工单和会话中回复客户</translation>
    </message>
    <message>
        <source>Assign tickets to agents and manage the queue</source>
        <translation>分派工单并管理排队</translation>
    </message>
    <message>
        <source>View analytics reports</source>
        <translation>查看分析报表</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::AccountDialog</name>
    <message>
        <source>Your password is changed. Your other sessions have ended.</source>
        <translation>密码已修改，您在其他设备上的会话均已结束。</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账号</translation>
    </message>
    <message>
        <source>My account — %1</source>
        <translation>我的账号 — %1</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Two-step verification</source>
        <translation>两步验证</translation>
    </message>
    <message>
        <source>My sessions</source>
        <translation>我的会话</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::AuditDiffModel</name>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Sessions ended</source>
        <translation>已结束的会话数</translation>
    </message>
    <message>
        <source>Other sessions ended</source>
        <translation>其他会话已结束</translation>
    </message>
    <message>
        <source>Two-step verification required for role editors</source>
        <translation>角色管理员必须启用两步验证</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>Two-step verification</source>
        <translation>两步验证</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::AuditModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>变更字段</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator between field names</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>Created staff account</source>
        <translation>创建员工账号</translation>
    </message>
    <message>
        <source>Changed staff account</source>
        <translation>修改员工账号</translation>
    </message>
    <message>
        <source>Deactivated staff account</source>
        <translation>停用员工账号</translation>
    </message>
    <message>
        <source>Reactivated staff account</source>
        <translation>重新启用员工账号</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Changed own password</source>
        <translation>修改本人密码</translation>
    </message>
    <message>
        <source>Started two-step verification setup</source>
        <translation>开始设置两步验证</translation>
    </message>
    <message>
        <source>Turned on two-step verification</source>
        <translation>启用两步验证</translation>
    </message>
    <message>
        <source>Turned off two-step verification</source>
        <translation>关闭两步验证</translation>
    </message>
    <message>
        <source>Created role</source>
        <translation>创建角色</translation>
    </message>
    <message>
        <source>Changed role</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <source>Deleted role</source>
        <translation>删除角色</translation>
    </message>
    <message>
        <source>Changed security settings</source>
        <translation>修改安全设置</translation>
    </message>
    <message>
        <source>Ended a session</source>
        <translation>结束会话</translation>
    </message>
    <message>
        <source>Ended all sessions</source>
        <translation>结束全部会话</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Account locked</source>
        <translation>账号被锁定</translation>
    </message>
    <message>
        <source>Order received</source>
        <translation>收到订单</translation>
    </message>
    <message>
        <source>Order status changed</source>
        <translation>订单状态变更</translation>
    </message>
    <message>
        <source>Order refunded</source>
        <translation>订单退款</translation>
    </message>
    <message>
        <source>Note added to order</source>
        <translation>添加订单备注</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Refund issued</source>
        <translation>发起退款</translation>
    </message>
    <message>
        <source>Payment captured</source>
        <translation>收款成功</translation>
    </message>
    <message>
        <source>Staff account</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>促销活动</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>See who changed what and when, across every module.</source>
        <translation>查看各模块中由谁在何时做了哪些修改。</translation>
    </message>
    <message>
        <source>Choose an entry to see what it changed.</source>
        <translation>选择一条记录，查看其具体修改内容。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>By %1 on %2</source>
        <translation>操作人 %1，时间 %2</translation>
    </message>
    <message>
        <source>the system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>请求 %1</translation>
    </message>
    <message>
        <source>This entry records no field changes.</source>
        <translation>该记录没有字段变更。</translation>
    </message>
    <message>
        <source>By:</source>
        <translation>操作人：</translation>
    </message>
    <message>
        <source>Username or user ID</source>
        <translation>用户名或用户 ID</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <source>Any record</source>
        <translation>全部对象</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>全部操作</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::FirstSignInDialog</name>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <source>Choose your own password</source>
        <translation>请设置您自己的密码</translation>
    </message>
    <message>
        <source>Your password was set by an administrator. Before you go on, choose a new one that only you know.</source>
        <translation>您当前的密码由管理员设置。继续使用前，请设置一个只有您自己知道的新密码。</translation>
    </message>
    <message>
        <source>Set up two-step verification</source>
        <translation>设置两步验证</translation>
    </message>
    <message>
        <source>Your account can change roles and permissions, so it must be protected by a second step at sign-in. Set it up now to go on.</source>
        <translation>您的账号可以修改角色和权限，登录时必须通过两步验证加以保护。请先完成设置再继续。</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::NewUserDialog</name>
    <message>
        <source>New staff member</source>
        <translation>新建员工</translation>
    </message>
    <message>
        <source>e.g. li.lei</source>
        <translation>例如 li.lei</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>At least 10 characters</source>
        <translation>至少 10 个字符</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>创建账号(&amp;C)</translation>
    </message>
    <message>
        <source>The new colleague signs in with this password once and then chooses their own.</source>
        <translation>新同事首次使用此密码登录后，需要自行设置新密码。</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Display &amp;name:</source>
        <translation>显示名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>邮箱(&amp;E)：</translation>
    </message>
    <message>
        <source>Initial &amp;password:</source>
        <translation>初始密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>You cannot grant permissions you do not hold yourself: %1.</source>
        <translation>您不能授予自己没有的权限：%1。</translation>
    </message>
    <message>
        <source>Please correct the fields marked above.</source>
        <translation>请修改上方标出的字段。</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::PasswordForm</name>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>C&amp;urrent password:</source>
        <translation>当前密码(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat new password:</source>
        <translation>确认新密码(&amp;R)：</translation>
    </message>
    <message>
        <source>At least 10 characters, and not one of the commonly used passwords. Your other sessions end when the password changes.</source>
        <translation>至少 10 个字符，且不能是常见密码。修改密码后，您在其他设备上的会话将全部结束。</translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation>修改密码(&amp;C)</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::PermissionMatrixModel</name>
    <message>
        <source>Permission</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>What it allows</source>
        <translation>允许的操作</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::PersonnelPage</name>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>The roles could not be loaded. %1</source>
        <translation>无法加载角色。%1</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Manage staff accounts, their roles and their sessions.</source>
        <translation>管理员工账号、角色及登录会话。</translation>
    </message>
    <message>
        <source>Roles and permissions</source>
        <translation>角色与权限</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>重置密码(&amp;R)</translation>
    </message>
    <message>
        <source>Choose a temporary password for %1. All their sessions end, and they must choose a new password at the next sign-in.</source>
        <translation>请为 %1 设置一个临时密码。其所有会话将立即结束，下次登录时须设置新密码。</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>新密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Someone else changed this account meanwhile. Close this window, reload the account and try again.</source>
        <translation>在此期间该账号已被他人修改。请关闭此窗口，重新加载账号后再试。</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::RoleEditor</name>
    <message>
        <source>New role</source>
        <translation>新建角色</translation>
    </message>
    <message>
        <source>e.g. night_shift</source>
        <translation>例如 night_shift</translation>
    </message>
    <message>
        <source>&amp;Create role</source>
        <translation>创建角色(&amp;C)</translation>
    </message>
    <message>
        <source>Lower-case letters, digits and &apos;_&apos;. You choose its permissions after creating it.</source>
        <translation>仅限小写字母、数字和“_”。创建后再为其选择权限。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>无人</translation>
    </message>
    <message>
        <source>1 person</source>
        <translation>1 人</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The changes to the role “%1” are not saved yet.</source>
        <translation>对角色“%1”的修改尚未保存。</translation>
    </message>
    <message>
        <source>Save them, discard them, or stay to keep editing.</source>
        <translation>您可以保存、放弃修改，或留在此处继续编辑。</translation>
    </message>
    <message>
        <source>Built-in roles cannot be deleted.</source>
        <translation>内置角色不能删除。</translation>
    </message>
    <message>
        <source>Still held by %1 (a role can be deleted once nobody holds it).</source>
        <translation>仍有 %1 拥有该角色（无人拥有时才能删除）。</translation>
    </message>
    <message>
        <source>The role “%1” is saved. Everyone holding it has the new permissions from their next request on.</source>
        <translation>角色“%1”已保存。拥有该角色的员工从下一次操作起即按新权限生效。</translation>
    </message>
    <message>
        <source>Your account is not allowed to change roles.</source>
        <translation>您的账号无权修改角色。</translation>
    </message>
    <message>
        <source>You cannot grant permissions you do not hold yourself: %1.</source>
        <translation>您不能授予自己没有的权限：%1。</translation>
    </message>
    <message>
        <source>Someone else saved this role while you were editing it. Your changes are not saved yet.</source>
        <translation>在您编辑期间，该角色已被他人保存。您的修改尚未保存。</translation>
    </message>
    <message>
        <source>Your changes were discarded; this is the role as it is saved now.</source>
        <translation>已放弃您的修改，当前显示的是已保存的角色。</translation>
    </message>
    <message>
        <source>The role “%1” is created. Tick the permissions it grants, then save.</source>
        <translation>角色“%1”已创建。请勾选要授予的权限，然后保存。</translation>
    </message>
    <message>
        <source>Delete role</source>
        <translation>删除角色</translation>
    </message>
    <message>
        <source>Delete the role “%1”? Nobody holds it.</source>
        <translation>确定删除角色“%1”吗？目前无人拥有该角色。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>This role cannot be deleted: it is built in or someone holds it.</source>
        <translation>无法删除该角色：它是内置角色，或仍有人拥有。</translation>
    </message>
    <message>
        <source>The role “%1” is deleted.</source>
        <translation>角色“%1”已删除。</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>&amp;New role…</source>
        <translation>新建角色(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Descri&amp;ption:</source>
        <translation>描述(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Save role</source>
        <translation>保存角色(&amp;S)</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>● Unsaved changes</source>
        <translation>● 有未保存的修改</translation>
    </message>
    <message>
        <source>Built-in role</source>
        <translation>内置角色</translation>
    </message>
    <message>
        <source>Custom role</source>
        <translation>自定义角色</translation>
    </message>
    <message>
        <source>%1 · %2 · held by %3</source>
        <translation>%1 · %2 · %3拥有</translation>
    </message>
    <message>
        <source>The administrator role always grants every permission. It cannot be changed.</source>
        <translation>管理员角色始终拥有全部权限，不可修改。</translation>
    </message>
    <message>
        <source>No role chosen</source>
        <translation>未选择角色</translation>
    </message>
    <message>
        <source>You can look at roles; changing them needs the permission roles.write.</source>
        <translation>您可以查看角色；修改角色需要 roles.write 权限。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>permission name (what it allows)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>not granted</source>
        <translation>未授予</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>已授予</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::SessionModel</name>
    <message>
        <source>Unknown client</source>
        <translation>未知客户端</translation>
    </message>
    <message>
        <source>%1 (this session)</source>
        <translation>%1（当前会话）</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录时间</translation>
    </message>
    <message>
        <source>Last active</source>
        <translation>最近活动</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::SessionsPanel</name>
    <message>
        <source>The session has ended; that device must sign in again.</source>
        <translation>该会话已结束，对应设备需要重新登录。</translation>
    </message>
    <message>
        <source>You are signed out everywhere else.</source>
        <translation>您已在其他所有设备上退出登录。</translation>
    </message>
    <message>
        <source>To end this session, sign out.</source>
        <translation>如需结束当前会话，请退出登录。</translation>
    </message>
    <message>
        <source>Where your account is signed in now. End any session you do not recognise, and change your password.</source>
        <translation>以下是您的账号当前已登录的位置。如发现不认识的会话，请将其结束并修改密码。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;End session</source>
        <translation>结束会话(&amp;E)</translation>
    </message>
    <message>
        <source>Sign out all &amp;other sessions</source>
        <translation>退出其他所有会话(&amp;O)</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::StaffView</name>
    <message>
        <source>%1 shown, more as you scroll</source>
        <translation>已显示 %1 人，向下滚动加载更多</translation>
    </message>
    <message>
        <source>1 staff member</source>
        <translation>共 1 名员工</translation>
    </message>
    <message>
        <source>%1 staff members</source>
        <translation>共 %1 名员工</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>全部角色</translation>
    </message>
    <message>
        <source>Search by username, name or email</source>
        <translation>按用户名、姓名或邮箱搜索</translation>
    </message>
    <message>
        <source>&amp;New staff member…</source>
        <translation>新建员工(&amp;N)…</translation>
    </message>
    <message>
        <source>Active and deactivated</source>
        <translation>启用和停用</translation>
    </message>
    <message>
        <source>Active only</source>
        <translation>仅启用</translation>
    </message>
    <message>
        <source>Deactivated only</source>
        <translation>仅停用</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::TotpPanel</name>
    <message>
        <source>Enter the six-digit code your app shows now.</source>
        <translation>请输入验证器应用当前显示的 6 位验证码。</translation>
    </message>
    <message>
        <source>Two-step verification is on. From now on you sign in with your password and a code from the app.</source>
        <translation>两步验证已启用。今后登录时需要输入密码和应用中的验证码。</translation>
    </message>
    <message>
        <source>Two-step verification is off. You sign in with your password alone.</source>
        <translation>两步验证已关闭。今后仅凭密码即可登录。</translation>
    </message>
    <message>
        <source>Two-step verification is off. With it on, signing in needs your password and a six-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP).</source>
        <translation>两步验证未启用。启用后，登录时除密码外还需输入手机验证器应用（如 Google Authenticator、Microsoft Authenticator 或 FreeOTP）生成的 6 位验证码。</translation>
    </message>
    <message>
        <source>&amp;Set up two-step verification…</source>
        <translation>设置两步验证(&amp;S)…</translation>
    </message>
    <message>
        <source>1. Open your authenticator app and scan this QR code.</source>
        <translation>1. 打开验证器应用，扫描此二维码。</translation>
    </message>
    <message>
        <source>2. Or, if you cannot scan it, type this key into the app (time-based, 6 digits):</source>
        <translation>2. 如果无法扫码，请在应用中手动输入以下密钥（基于时间，6 位数字）：</translation>
    </message>
    <message>
        <source>3. Enter the six-digit code the app shows now to finish.</source>
        <translation>3. 输入应用当前显示的 6 位验证码以完成设置。</translation>
    </message>
    <message>
        <source>123456</source>
        <translation>123456</translation>
    </message>
    <message>
        <source>&amp;Confirm and turn on</source>
        <translation>确认并启用(&amp;C)</translation>
    </message>
    <message>
        <source>Two-step verification is on: signing in needs your password and a code from your authenticator app. To turn it off, enter a current code.</source>
        <translation>两步验证已启用：登录时需要输入密码和验证器应用中的验证码。如需关闭，请输入当前验证码。</translation>
    </message>
    <message>
        <source>&amp;Turn off</source>
        <translation>关闭(&amp;T)</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::UserDetailPane</name>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The changes to %1 are not saved yet.</source>
        <translation>对 %1 的修改尚未保存。</translation>
    </message>
    <message>
        <source>Your account is not allowed to change staff accounts (it needs the permission %1).</source>
        <translation>您的账号无权修改员工账号（需要 %1 权限）。</translation>
    </message>
    <message>
        <source>You cannot grant permissions you do not hold yourself: %1.</source>
        <translation>您不能授予自己没有的权限：%1。</translation>
    </message>
    <message>
        <source>Please correct the fields marked below.</source>
        <translation>请修改下方标出的字段。</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>修改已保存。</translation>
    </message>
    <message>
        <source>Showing the current details.</source>
        <translation>已显示最新信息。</translation>
    </message>
    <message>
        <source>Deactivate account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <source>%1 will be signed out everywhere at once and can no longer sign in. You can reactivate the account later.</source>
        <translation>%1 将立即在所有设备上退出登录，且无法再登录。之后可以重新启用该账号。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>The account is deactivated.</source>
        <translation>账号已停用。</translation>
    </message>
    <message>
        <source>The account is active again.</source>
        <translation>账号已重新启用。</translation>
    </message>
    <message>
        <source>Password reset. %1 must choose a new one at the next sign-in; all their sessions have ended.</source>
        <translation>密码已重置。%1 下次登录时须设置新密码，其所有会话均已结束。</translation>
    </message>
    <message>
        <source>End all sessions</source>
        <translation>结束全部会话</translation>
    </message>
    <message>
        <source>%1 will be signed out on every device at once.</source>
        <translation>%1 将立即在所有设备上退出登录。</translation>
    </message>
    <message>
        <source>End sessions</source>
        <translation>结束会话</translation>
    </message>
    <message>
        <source>All sessions of this account have ended.</source>
        <translation>该账号的所有会话均已结束。</translation>
    </message>
    <message>
        <source>Turn off two-step verification</source>
        <translation>关闭两步验证</translation>
    </message>
    <message>
        <source>%1 will sign in with the password alone until they set up two-step verification again. Do this only when you are sure who asked for it (for example, a lost phone).</source>
        <translation>在重新设置两步验证之前，%1 仅凭密码即可登录。请仅在确认申请人身份后操作（例如手机丢失）。</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Two-step verification is off for this account.</source>
        <translation>该账号的两步验证已关闭。</translation>
    </message>
    <message>
        <source>Choose a staff member from the list to see and edit the account.</source>
        <translation>从列表中选择一名员工，查看并编辑其账号。</translation>
    </message>
    <message>
        <source>Display &amp;name:</source>
        <translation>显示名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>邮箱(&amp;E)：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>撤销修改(&amp;R)</translation>
    </message>
    <message>
        <source>Account actions</source>
        <translation>账号操作</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Everything recorded about this account in the audit trail</source>
        <translation>审计日志中与该账号相关的全部记录</translation>
    </message>
    <message>
        <source>active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>last changed %1</source>
        <translation>最后修改于 %1</translation>
    </message>
    <message>
        <source>two-step verification on</source>
        <translation>已启用两步验证</translation>
    </message>
    <message>
        <source>two-step verification off</source>
        <translation>未启用两步验证</translation>
    </message>
    <message>
        <source>must choose a new password at the next sign-in</source>
        <translation>下次登录时须设置新密码</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The account is active already.</source>
        <translation>该账号已处于启用状态。</translation>
    </message>
    <message>
        <source>The account is deactivated already.</source>
        <translation>该账号已被停用。</translation>
    </message>
    <message>
        <source>Someone else changed this account after you opened it, so your change was not saved.</source>
        <translation>在您打开该账号后，已有他人修改了它，因此您的修改未能保存。</translation>
    </message>
    <message>
        <source>The current version already has your changes.</source>
        <translation>当前版本已包含您的修改。</translation>
    </message>
    <message>
        <source>Your changes were discarded; these are the current details.</source>
        <translation>您的修改已放弃；这里显示的是当前信息。</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::UserModel</name>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Locked after failed sign-ins until %1</source>
        <translation>因多次登录失败被锁定，至 %1 解锁</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Active, new password pending</source>
        <translation>已启用，待设置新密码</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
</context>
</TS>

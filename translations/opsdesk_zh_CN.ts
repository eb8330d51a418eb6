<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CsvFileDialog</name>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Try again in a moment.</source>
        <translation>请稍后重试。</translation>
    </message>
    <message>
        <source>Try again in %1 seconds.</source>
        <translation>请在 %1 秒后重试。</translation>
    </message>
    <message>
        <source>Try again in a minute.</source>
        <translation>请在 1 分钟后重试。</translation>
    </message>
    <message>
        <source>Try again in %1 minutes.</source>
        <translation>请在 %1 分钟后重试。</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the server address and your network connection.</source>
        <translation>无法连接到服务器。请检查服务器地址和网络连接。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (%1). If your company uses its own certificate authority, choose its CA file in Settings.</source>
        <translation>服务器证书不受信任（%1）。如果贵公司使用自建的证书颁发机构，请在“设置”中选择其 CA 证书文件。</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>服务器响应超时，请重试。</translation>
    </message>
    <message>
        <source>The server sent an answer this version of OpsDesk does not understand.</source>
        <translation>服务器返回了当前版本 OpsDesk 无法识别的响应。</translation>
    </message>
    <message>
        <source>You are signed out.</source>
        <translation>您已退出登录。</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>The server refused the request (HTTP %1).</source>
        <translation>服务器拒绝了该请求（HTTP %1）。</translation>
    </message>
    <message>
        <source>The username or password is not correct.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app.</source>
        <translation>请输入身份验证器应用中的 6 位验证码。</translation>
    </message>
    <message>
        <source>This account is locked after too many failed sign-in attempts.</source>
        <translation>登录失败次数过多，该账号已被锁定。</translation>
    </message>
    <message>
        <source>Too many attempts in a short time.</source>
        <translation>操作过于频繁。</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation>会话已失效，请重新登录。</translation>
    </message>
    <message>
        <source>You must change your password before you go on.</source>
        <translation>继续操作前，您需要先修改密码。</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation>您的账号没有执行此操作的权限。</translation>
    </message>
    <message>
        <source>It no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <source>Someone else changed this in the meantime. Reload it and try again.</source>
        <translation>该记录已被他人修改，请刷新后重试。</translation>
    </message>
    <message>
        <source>Some of the information is not valid.</source>
        <translation>部分信息填写有误。</translation>
    </message>
    <message>
        <source>The server has a problem right now. Try again in a moment.</source>
        <translation>服务器暂时出现问题，请稍后重试。</translation>
    </message>
    <message>
        <source>Your account must set up two-step verification before you go on.</source>
        <translation>继续操作前，您的账号需要先启用两步验证。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences in a row</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>Its current state does not allow this any more.</source>
        <translation>它当前的状态已不允许此操作。</translation>
    </message>
    <message>
        <source>It is now “%1”, which does not allow this.</source>
        <translation>它现在的状态是“%1”，不允许此操作。</translation>
    </message>
    <message>
        <source>No further change can be made to it by hand.</source>
        <translation>无法再手动更改它的状态。</translation>
    </message>
    <message>
        <source>From there it can become: %1.</source>
        <translation>它可以改为：%1。</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation>无法执行：%1</translation>
    </message>
    <message>
        <source>The statement&apos;s opening balance and its lines do not add up to its closing balance.</source>
        <translation>对账单的期初余额加上各明细行不等于期末余额。</translation>
    </message>
    <message>
        <source>This statement, or some of its lines, has been imported already.</source>
        <translation>此对账单或其部分明细行已导入过。</translation>
    </message>
    <message>
        <source>You matched lines of this statement, so someone else must sign it off.</source>
        <translation>您匹配过此对账单的明细行，因此必须由其他人签核。</translation>
    </message>
    <message>
        <source>The statement is signed off; it must be reopened before it can change.</source>
        <translation>此对账单已签核，必须重新打开后才能更改。</translation>
    </message>
</context>
<context>
    <name>FieldText</name>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>Already taken; choose another.</source>
        <translation>已被占用，请换一个。</translation>
    </message>
    <message>
        <source>Not an email address.</source>
        <translation>不是有效的邮箱地址。</translation>
    </message>
    <message>
        <source>Too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <source>Not correct.</source>
        <translation>不正确。</translation>
    </message>
    <message>
        <source>The code is not correct. Check the time on your phone and use a new code.</source>
        <translation>验证码不正确。请检查手机时间，并使用新的验证码。</translation>
    </message>
    <message>
        <source>Must differ from the current password.</source>
        <translation>不能与当前密码相同。</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>请至少选择一个角色。</translation>
    </message>
    <message>
        <source>1 to 200 characters.</source>
        <translation>1 到 200 个字符。</translation>
    </message>
    <message>
        <source>1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; or &apos;@&apos;.</source>
        <translation>1 到 64 个字符，仅限字母、数字及“.”“_”“-”“@”。</translation>
    </message>
    <message>
        <source>1 to 64 lower-case letters, digits or &apos;_&apos;.</source>
        <translation>1 到 64 个字符，仅限小写字母、数字及“_”。</translation>
    </message>
    <message>
        <source>This password is one of the most common ones; choose another.</source>
        <translation>该密码属于最常见的密码，请换一个。</translation>
    </message>
    <message>
        <source>At least %1 characters.</source>
        <translation>至少 %1 个字符。</translation>
    </message>
    <message>
        <source>At most %1 characters.</source>
        <translation>最多 %1 个字符。</translation>
    </message>
    <message>
        <source>You cannot grant permissions you do not hold yourself.</source>
        <translation>您不能授予自己没有的权限。</translation>
    </message>
</context>
<context>
    <name>PagedListView</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Could not load: %1 Click here or press Enter to try again.</source>
        <translation>加载失败：%1 点击此处或按回车键重试。</translation>
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Support agent</source>
        <translation>客服专员</translation>
    </message>
    <message>
        <source>Support lead</source>
        <translation>客服主管</translation>
    </message>
    <message>
        <source>Finance clerk</source>
        <translation>财务专员</translation>
    </message>
    <message>
        <source>Finance manager</source>
        <translation>财务经理</translation>
    </message>
    <message>
        <source>Merchandiser</source>
        <translation>商品运营</translation>
    </message>
    <message>
        <source>Analyst</source>
        <translation>数据分析师</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator between role names</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::AboutDialog</name>
    <message>
        <source>About OpsDesk</source>
        <translation>关于 OpsDesk</translation>
    </message>
    <message>
        <source>OpsDesk</source>
        <translation>OpsDesk</translation>
    </message>
    <message>
        <source>Back-office operations for e-commerce teams: orders, support, catalog, finance and reports in one place.</source>
        <translation>面向电商团队的后台运营系统：订单、客服、商品、财务与报表，一站式管理。</translation>
    </message>
    <message>
        <source>Version %1
Built on %2 with Qt %3
Running on Qt %4</source>
        <translation>版本 %1
构建于 %2（Qt %3）
运行于 Qt %4</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::AppController</name>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>The CA certificate file cannot be used: %1</source>
        <translation>无法使用该 CA 证书文件：%1</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::AppOptions</name>
    <message>
        <source>OpsDesk back-office client</source>
        <translation>OpsDesk 后台运营客户端</translation>
    </message>
    <message>
        <source>Server address to sign in to.</source>
        <translation>要登录的服务器地址。</translation>
    </message>
    <message>
        <source>Also trust the certificate authorities in this PEM file.</source>
        <translation>额外信任此 PEM 文件中的证书颁发机构。</translation>
    </message>
    <message>
        <source>User interface language: en or zh_CN.</source>
        <translation>界面语言：en 或 zh_CN。</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::LoginDialog</name>
    <message>
        <source>Sign in to OpsDesk</source>
        <translation>登录 OpsDesk</translation>
    </message>
    <message>
        <source>Session expired</source>
        <translation>会话已过期</translation>
    </message>
    <message>
        <source>OpsDesk</source>
        <translation>OpsDesk</translation>
    </message>
    <message>
        <source>Sign in with your staff account.</source>
        <translation>请使用员工账号登录。</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again to continue where you left off.</source>
        <translation>会话已失效。重新登录后即可继续之前的工作。</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Verification code:</source>
        <translation>验证码(&amp;V)：</translation>
    </message>
    <message>
        <source>https://opsdesk.example.com:8443</source>
        <translation>https://opsdesk.example.com:8443</translation>
    </message>
    <message>
        <source>Your username</source>
        <translation>请输入用户名</translation>
    </message>
    <message>
        <source>6-digit code from your authenticator app</source>
        <translation>身份验证器中的 6 位验证码</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Enter the server address, for example https://opsdesk.example.com:8443.</source>
        <translation>请输入服务器地址，例如 https://opsdesk.example.com:8443。</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app.</source>
        <translation>请输入身份验证器应用中的 6 位验证码。</translation>
    </message>
    <message>
        <source>The verification code is not correct.</source>
        <translation>验证码不正确。</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::MainWindow</name>
    <message>
        <source>Session expired — sign in again to continue</source>
        <translation>会话已过期，请重新登录以继续</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>Cannot reach %1</source>
        <translation>无法连接到 %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>%1 — OpsDesk</source>
        <translation>%1 — OpsDesk</translation>
    </message>
    <message>
        <source>OpsDesk</source>
        <translation>OpsDesk</translation>
    </message>
    <message>
        <source>Your account has no access to any module yet.
Ask an administrator to give you a role.</source>
        <translation>您的账号暂无任何模块的访问权限。
请联系管理员为您分配角色。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About OpsDesk</source>
        <translation>关于 OpsDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>功能模块</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <source>&amp;My account…</source>
        <translation>我的账号(&amp;M)…</translation>
    </message>
    <message>
        <source>Password, two-step verification and your sessions</source>
        <translation>密码、两步验证和登录会话</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Connecting to live updates…</source>
        <translation>正在连接实时更新…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Live updates of orders and other records</source>
        <translation>订单及其他记录的实时更新</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>https://opsdesk.example.com:8443</source>
        <translation>https://opsdesk.example.com:8443</translation>
    </message>
    <message>
        <source>A new server address is used the next time you sign in.</source>
        <translation>新的服务器地址将在下次登录时生效。</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>CA 证书(&amp;C)：</translation>
    </message>
    <message>
        <source>Only the system&apos;s certificate authorities</source>
        <translation>仅使用系统信任的证书颁发机构</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Choose the CA certificate</source>
        <translation>选择 CA 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Enter the server address, for example https://opsdesk.example.com:8443.</source>
        <translation>请输入服务器地址，例如 https://opsdesk.example.com:8443。</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 中没有 PEM 格式的证书。</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>桌面通知</translation>
    </message>
    <message>
        <source>New &amp;orders</source>
        <translation>新订单(&amp;O)</translation>
    </message>
    <message>
        <source>of at least (¥):</source>
        <translation>金额不低于（¥）：</translation>
    </message>
    <message>
        <source>any amount</source>
        <translation>任意金额</translation>
    </message>
    <message>
        <source>&amp;Refunds</source>
        <translation>退款(&amp;R)</translation>
    </message>
    <message>
        <source>Never for what you do yourself.</source>
        <translation>您自己的操作不会通知您。</translation>
    </message>
    <message>
        <source>Enter the smallest order total to be told about, for example 500.00, or leave it empty for every order.</source>
        <translation>请输入需要通知的最低订单金额，例如 500.00；留空则所有订单都通知。</translation>
    </message>
    <message>
        <source>Compared with orders in yuan; orders in other currencies are always shown.</source>
        <translation>只与人民币订单比较；其他币种的订单总会提醒。</translation>
    </message>
</context>
<context>
    <name>opsdesk::app::TrayNotifier</name>
    <message>
        <source>OpsDesk</source>
        <translation>OpsDesk</translation>
    </message>
</context>
<context>
    <name>opsdesk::reports</name>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::ConflictBanner</name>
    <message>
        <source>Nothing shown here differs from what you saw.</source>
        <translation>这里显示的内容与您看到的相同。</translation>
    </message>
    <message>
        <source>You saw → now</source>
        <translation>您看到的 → 现在</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <comment>field: what you saw → what it is now</comment>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>The server refused this.</source>
        <translation>服务器拒绝了此操作。</translation>
    </message>
    <message>
        <source>Someone else saved this while you were editing it. Your changes are not saved yet.</source>
        <translation>在您编辑期间，其他人保存了此记录。您的修改尚未保存。</translation>
    </message>
    <message>
        <source>Reapply my changes</source>
        <translation>重新应用我的修改</translation>
    </message>
    <message>
        <source>Apply your changes on top of the current version and save them</source>
        <translation>在当前版本的基础上应用您的修改并保存</translation>
    </message>
    <message>
        <source>Discard mine</source>
        <translation>放弃我的修改</translation>
    </message>
    <message>
        <source>Drop your changes and show the current version</source>
        <translation>放弃您的修改并显示当前版本</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::MergePanel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Saved meanwhile</source>
        <translation>期间保存的版本</translation>
    </message>
    <message>
        <source>Saved by %1</source>
        <translation>%1 保存的版本</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <source>%1 (changed by both)</source>
        <translation>%1（双方都修改了）</translation>
    </message>
    <message>
        <source>Someone else saved this while you were editing it. Choose, field by field, which value to keep; then save again.</source>
        <translation>在您编辑期间其他人保存了此记录。请逐个字段选择要保留的值，然后再次保存。</translation>
    </message>
    <message>
        <source>Use these values</source>
        <translation>使用这些值</translation>
    </message>
    <message>
        <source>Discard mine</source>
        <translation>放弃我的修改</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::MessageLine</name>
    <message>
        <source>Information</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>message tone, then the message</comment>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::PlaceholderPage</name>
    <message>
        <source>Coming in a later release</source>
        <translation>将在后续版本中推出</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Sales, product, support and finance reports for the periods you choose.</source>
        <translation>按所选时间段查看销售、商品、客服和财务报表。</translation>
    </message>
</context>
<context>
    <name>opsdesk::widgets::SupportPage</name>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Answer customer tickets and live chats, with the customer&apos;s orders at hand.</source>
        <translation>处理客户工单和在线咨询，随时查看客户的订单。</translation>
    </message>
</context>
</TS>

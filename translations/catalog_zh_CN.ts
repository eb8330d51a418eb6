<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Catalog</name>
    <message>
        <source>Catalog</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Maintain products, stock, prices and promotions.</source>
        <translation>维护商品、库存、价格和促销。</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>更改时间</translation>
    </message>
    <message>
        <source>%1, +%2</source>
        <translation>%1 等 %2 个</translation>
    </message>
    <message>
        <source>Loading products…</source>
        <translation>正在加载商品…</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
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
        <source>Save every product that matches the filters as a CSV file, one line a variant</source>
        <translation>将符合筛选条件的所有商品保存为 CSV 文件，每个规格一行</translation>
    </message>
    <message>
        <source>Counting products…</source>
        <translation>正在统计商品…</translation>
    </message>
    <message>
        <source>Export products</source>
        <translation>导出商品</translation>
    </message>
    <message>
        <source>Exporting products to %1…</source>
        <translation>正在将商品导出到 %1…</translation>
    </message>
    <message>
        <source>Export failed, no file was written: %1</source>
        <translation>导出失败，未写入任何文件：%1</translation>
    </message>
    <message>
        <source>Exported %1 variants to %2.</source>
        <translation>已将 %1 个规格导出到 %2。</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Oversold</source>
        <translation>超卖</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>%1 (oversold)</source>
        <translation>%1（超卖）</translation>
    </message>
    <message>
        <source>No products</source>
        <translation>没有商品</translation>
    </message>
    <message>
        <source>1 product</source>
        <translation>1 个商品</translation>
    </message>
    <message>
        <source>%1 products</source>
        <translation>%1 个商品</translation>
    </message>
    <message>
        <source>About %1 products</source>
        <translation>约 %1 个商品</translation>
    </message>
    <message>
        <source>Several currencies</source>
        <translation>多种币种</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <comment>price range</comment>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Your account may not change prices. Undo the price change or ask someone who may.</source>
        <translation>您的账号无权修改价格。请撤销价格修改，或请有权限的同事处理。</translation>
    </message>
    <message>
        <source>The SKU %1 is already used by another product.</source>
        <translation>SKU %1 已被其他商品使用。</translation>
    </message>
    <message>
        <source>Someone else saved this product after you opened it.</source>
        <translation>在您打开此商品后，其他人保存了它。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>field: why</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences in a row</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>The file is too large (at most 10 MiB).</source>
        <translation>文件过大（最大 10 MiB）。</translation>
    </message>
    <message>
        <source>This is not a JPEG, PNG or WebP image.</source>
        <translation>这不是 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source> › </source>
        <comment>category path separator</comment>
        <translation> › </translation>
    </message>
    <message>
        <source>Price (%1)</source>
        <translation>价格（%1）</translation>
    </message>
    <message>
        <source>Choose a variant to see its prices.</source>
        <translation>选择一个规格以查看其价格。</translation>
    </message>
    <message>
        <source>No price history for %1.</source>
        <translation>%1 没有价格历史。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新价</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新建）</translation>
    </message>
    <message>
        <source>Your choices are in the form. Check them and save.</source>
        <translation>您的选择已填入表单。请检查后保存。</translation>
    </message>
    <message>
        <source>Your changes were discarded; this is the saved product.</source>
        <translation>您的修改已放弃；这是已保存的商品。</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>无分类</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>分类：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. green tea, gift</source>
        <translation>用逗号分隔，例如：绿茶, 礼品</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>描述：</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Low at</source>
        <translation>预警值</translation>
    </message>
    <message>
        <source>The variant counts as low on stock at or below this</source>
        <translation>库存小于或等于此值时视为库存不足</translation>
    </message>
    <message>
        <source>Add variant</source>
        <translation>添加规格</translation>
    </message>
    <message>
        <source>Remove variant</source>
        <translation>删除规格</translation>
    </message>
    <message>
        <source>Why the price changes:</source>
        <translation>调价原因：</translation>
    </message>
    <message>
        <source>Kept in the price history</source>
        <translation>记录在价格历史中</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>价格历史</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>How much to add (or, below zero, to take away)</source>
        <translation>增加的数量（负数表示减少）</translation>
    </message>
    <message>
        <source>Why (e.g. stock count, damaged)</source>
        <translation>原因（例如：盘点、破损）</translation>
    </message>
    <message>
        <source>Adjust stock</source>
        <translation>调整库存</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Stock after</source>
        <translation>调整后库存</translation>
    </message>
    <message>
        <source>Drop JPEG, PNG or WebP images here (at most 10 MiB each), or add them.</source>
        <translation>将 JPEG、PNG 或 WebP 图片拖到此处（每张最大 10 MiB），或点击添加。</translation>
    </message>
    <message>
        <source>Add image…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <source>No product open</source>
        <translation>未打开商品</translation>
    </message>
    <message>
        <source>Choose a product in the list, or make a new one.</source>
        <translation>在列表中选择一个商品，或新建一个。</translation>
    </message>
    <message>
        <source>Give it a title and at least one variant, then save.</source>
        <translation>填写标题和至少一个规格，然后保存。</translation>
    </message>
    <message>
        <source>Version %1 · changed %2</source>
        <translation>版本 %1 · 更改于 %2</translation>
    </message>
    <message>
        <source>Changing prices needs the permission “Change product prices”.</source>
        <translation>修改价格需要“修改商品价格”权限。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>分类 %1</translation>
    </message>
    <message>
        <source>Stock changes through adjustments (the Stock tab)</source>
        <translation>库存只能通过调整来变动（见“库存”页）</translation>
    </message>
    <message>
        <source>Variant %1 has no SKU.</source>
        <translation>第 %1 个规格没有 SKU。</translation>
    </message>
    <message>
        <source>The SKU %1 appears twice.</source>
        <translation>SKU %1 重复出现。</translation>
    </message>
    <message>
        <source>Variant %1: the currency must be a three-letter code such as CNY.</source>
        <translation>规格 %1：币种必须是三个字母的代码，例如 CNY。</translation>
    </message>
    <message>
        <source>Variant %1: “%2” is not a price.</source>
        <translation>规格 %1：“%2”不是有效价格。</translation>
    </message>
    <message>
        <source>Variant %1: the opening stock must be a whole number, 0 or more.</source>
        <translation>规格 %1：初始库存必须是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <source>Variant %1: “Low at” must be a whole number, 0 or more.</source>
        <translation>规格 %1：“预警值”必须是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <source>A product needs a title.</source>
        <translation>商品必须有标题。</translation>
    </message>
    <message>
        <source>A product needs at least one variant.</source>
        <translation>商品至少需要一个规格。</translation>
    </message>
    <message>
        <source>Say why the price changes; it is kept in the history.</source>
        <translation>请填写调价原因；它会记录在历史中。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Product created.</source>
        <translation>商品已创建。</translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation>已保存为版本 %1。</translation>
    </message>
    <message>
        <source>Someone saved the same changes meanwhile.</source>
        <translation>其他人在此期间保存了相同的修改。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Variant %1</source>
        <translation>规格 %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1, %2, low at %3</source>
        <translation>%1，%2，预警值 %3</translation>
    </message>
    <message>
        <source>%1 just changed this product.</source>
        <translation>%1 刚刚修改了此商品。</translation>
    </message>
    <message>
        <source>This product changed while you were editing it. When you save, you will see what differs.</source>
        <translation>在您编辑期间此商品已被修改。保存时将显示差异。</translation>
    </message>
    <message>
        <source>%1 changed this product while you were editing it. When you save, you will see what differs.</source>
        <translation>在您编辑期间 %1 修改了此商品。保存时将显示差异。</translation>
    </message>
    <message>
        <source>Choose a saved variant</source>
        <translation>请选择一个已保存的规格</translation>
    </message>
    <message>
        <source>Stock of %1:</source>
        <translation>%1 的库存：</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Enter how much the stock changes.</source>
        <translation>请输入库存变动数量。</translation>
    </message>
    <message>
        <source>Say why the stock changes.</source>
        <translation>请填写库存变动原因。</translation>
    </message>
    <message>
        <source>Added %1 to %2.</source>
        <translation>已为 %2 增加 %1。</translation>
    </message>
    <message>
        <source>Took %1 from %2.</source>
        <translation>已从 %2 减少 %1。</translation>
    </message>
    <message>
        <source>Stock cannot go below zero by hand: there are %1.</source>
        <translation>手动调整不能使库存低于零：当前库存为 %1。</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is larger than 10 MiB.</source>
        <translation>%1 超过 10 MiB。</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>正在上传 %1…</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <source>%1 was not added: %2</source>
        <translation>%1 未添加：%2</translation>
    </message>
    <message>
        <source>Search title, SKU or tag (Ctrl+F)</source>
        <translation>搜索标题、SKU 或标签 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Products in this category and the categories under it</source>
        <translation>此分类及其下级分类中的商品</translation>
    </message>
    <message>
        <source>Products with a variant at or below its low-stock threshold</source>
        <translation>有规格库存小于或等于预警值的商品</translation>
    </message>
    <message>
        <source>Products with a variant below zero: orders took more than there was</source>
        <translation>有规格库存低于零的商品：订单售出的数量超过了库存</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <source>The SKU “%1” must be 1 to 64 letters, digits and . _ -, starting with a letter or digit.</source>
        <translation>SKU“%1”必须是 1 到 64 个字母、数字或 . _ -，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>促销</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Exporting products to %1… %2 variants so far</source>
        <translation>正在导出商品到 %1…已导出 %2 个规格</translation>
    </message>
    <message>
        <source>Export cancelled, no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>End promotion</source>
        <translation>结束促销</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>Percent off</source>
        <translation>百分比折扣</translation>
    </message>
    <message>
        <source>Amount off</source>
        <translation>立减金额</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买</translation>
    </message>
    <message>
        <source>Get free</source>
        <translation>送</translation>
    </message>
    <message>
        <source>Sale price</source>
        <translation>秒杀价</translation>
    </message>
    <message>
        <source>Stock for the sale</source>
        <translation>秒杀库存</translation>
    </message>
    <message>
        <source>Per customer</source>
        <translation>每位顾客限购</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已抢</translation>
    </message>
    <message>
        <source>Amounts in</source>
        <translation>金额币种</translation>
    </message>
    <message>
        <source>&amp;Starts</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Ends</source>
        <translation>结束(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;KUs</source>
        <translation>SKU(&amp;K)</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Virtual categories</source>
        <translation>虚拟分类</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>优先级(&amp;P)</translation>
    </message>
    <message>
        <source>Exclusive</source>
        <translation>独占</translation>
    </message>
    <message>
        <source>Amounts are taken off in each SKU&apos;s own currency; this says how to read what you type.</source>
        <translation>金额按各 SKU 自己的币种扣减；这里只说明如何理解您输入的金额。</translation>
    </message>
    <message>
        <source>Type or paste SKUs, separated by spaces, commas or new lines</source>
        <translation>输入或粘贴 SKU，用空格、逗号或换行分隔</translation>
    </message>
    <message>
        <source>Nothing of lower or equal priority applies beside it</source>
        <translation>优先级更低或相同的促销不会与它同时生效</translation>
    </message>
    <message>
        <source>−1000 to 1000; the highest sets the price</source>
        <translation>−1000 到 1000；最高者决定价格</translation>
    </message>
    <message>
        <source>Local time; in force from this second on</source>
        <translation>本地时间；从这一秒起生效</translation>
    </message>
    <message>
        <source>Local time; no longer in force from this second on</source>
        <translation>本地时间；从这一秒起不再生效</translation>
    </message>
    <message>
        <source>End now…</source>
        <translation>立即结束…</translation>
    </message>
    <message>
        <source>Overlapping promotion</source>
        <translation>重叠的促销</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Shared SKUs</source>
        <translation>共同的 SKU</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>Not an amount in %1.</source>
        <translation>不是有效的 %1 金额。</translation>
    </message>
    <message>
        <source>No promotion open</source>
        <translation>未打开促销</translation>
    </message>
    <message>
        <source>Choose a promotion in the list, or make a new one.</source>
        <translation>请在列表中选择一个促销，或新建一个。</translation>
    </message>
    <message>
        <source>Choose a promotion in the list to see it.</source>
        <translation>请在列表中选择一个促销查看。</translation>
    </message>
    <message>
        <source>New promotion</source>
        <translation>新建促销</translation>
    </message>
    <message>
        <source>Times are local (%1).</source>
        <translation>时间为本地时间（%1）。</translation>
    </message>
    <message>
        <source>Loading promotion…</source>
        <translation>正在加载促销…</translation>
    </message>
    <message>
        <source>%1 · %2 · version %3</source>
        <translation>%1 · %2 · 版本 %3</translation>
    </message>
    <message>
        <source>%1 of %2 claimed · %3 left</source>
        <translation>已抢 %1 / %2 · 剩余 %3</translation>
    </message>
    <message>
        <source>(sold out at %1)</source>
        <translation>（%1 售罄）</translation>
    </message>
    <message>
        <source>The overlaps could not be worked out in time; open it again later.</source>
        <translation>未能及时算出重叠情况；请稍后重新打开。</translation>
    </message>
    <message>
        <source>No other promotion is in force on these SKUs at the same time.</source>
        <translation>这些 SKU 在同一时间没有其他生效的促销。</translation>
    </message>
    <message>
        <source>Overlaps 1 other promotion on the same SKUs at the same time:</source>
        <translation>与 1 个其他促销在相同 SKU 上同时生效：</translation>
    </message>
    <message>
        <source>Overlaps %1 other promotions on the same SKUs at the same time:</source>
        <translation>与 %1 个其他促销在相同 SKU 上同时生效：</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 等另外 %2 个</translation>
    </message>
    <message>
        <source>%1 (exclusive)</source>
        <translation>%1（独占）</translation>
    </message>
    <message>
        <source>%1, priority %2</source>
        <translation>%1，优先级 %2</translation>
    </message>
    <message>
        <source>Some fields are not valid: %1</source>
        <translation>部分字段无效：%1</translation>
    </message>
    <message>
        <source>Check the marked fields; nothing was saved.</source>
        <translation>请检查标出的字段；未保存任何内容。</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>没有需要保存的更改。</translation>
    </message>
    <message numerus="yes">
        <source>Saved. It overlaps %n other promotion(s); see below.</source>
        <translation>
            <numerusform>已保存。它与 %n 个其他促销重叠；详见下方。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Someone saved this promotion meanwhile; loading their version…</source>
        <translation>其他人刚刚保存了此促销；正在加载他们的版本…</translation>
    </message>
    <message>
        <source>“%1” has not started; ended now, it never runs. End it?</source>
        <translation>“%1”尚未开始；现在结束它将永远不会生效。确定结束吗？</translation>
    </message>
    <message>
        <source>End “%1” now? From this second on, the storefront charges list prices again.</source>
        <translation>立即结束“%1”吗？从这一秒起，店铺恢复按原价收费。</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>已结束。</translation>
    </message>
    <message>
        <source>%1 changed this promotion.</source>
        <translation>%1 修改了此促销。</translation>
    </message>
    <message>
        <source>This promotion changed meanwhile; saving will show what changed.</source>
        <translation>此促销刚被修改；保存时将显示改动内容。</translation>
    </message>
    <message>
        <source>%1 changed this promotion meanwhile; saving will show what changed.</source>
        <translation>%1 刚修改了此促销；保存时将显示改动内容。</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>促销</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Loading promotions…</source>
        <translation>正在加载促销…</translation>
    </message>
    <message numerus="yes">
        <source>%n promotion(s) in force</source>
        <translation>
            <numerusform>%n 个促销生效</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overlapping stretch(es)</source>
        <translation>
            <numerusform>%n 段重叠</numerusform>
        </translation>
    </message>
    <message>
        <source>Search promotions by name</source>
        <translation>按名称搜索促销</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>任意类型</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>S&amp;KU</source>
        <translation>SKU(&amp;K)</translation>
    </message>
    <message>
        <source>the open promotion&apos;s SKUs</source>
        <translation>当前促销的 SKU</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>更早</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>更晚</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Buy X get Y</source>
        <translation>买 X 送 Y</translation>
    </message>
    <message>
        <source>Flash sale</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>%1 % off</source>
        <translation>减 %1%</translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation>立减 %1</translation>
    </message>
    <message>
        <source>Buy %1, get %2</source>
        <translation>买 %1 送 %2</translation>
    </message>
    <message>
        <source>%1 each, %2 in stock</source>
        <translation>每件 %1，库存 %2</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1
%2 · priority %3</source>
        <translation>%1
%2 · 优先级 %3</translation>
    </message>
    <message>
        <source>On %1</source>
        <translation>%1 上</translation>
    </message>
    <message>
        <source>Overlaps another promotion on a same SKU</source>
        <translation>与同一 SKU 上的其他促销重叠</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Choose SKUs to see the promotions in force on them.</source>
        <translation>选择 SKU 以查看其上生效的促销。</translation>
    </message>
    <message>
        <source>No promotion is in force on %1 in this period.</source>
        <translation>此期间 %1 上没有生效的促销。</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 行</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>1 cell</source>
        <translation>1 个单元格</translation>
    </message>
    <message>
        <source>%1 cells</source>
        <translation>%1 个单元格</translation>
    </message>
    <message>
        <source>1 column</source>
        <translation>1 列</translation>
    </message>
    <message>
        <source>%1 columns</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <source>%1 problems</source>
        <translation>%1 个问题</translation>
    </message>
    <message>
        <source>1 SKU</source>
        <translation>1 个 SKU</translation>
    </message>
    <message>
        <source>%1 SKUs</source>
        <translation>%1 个 SKU</translation>
    </message>
    <message>
        <source>1 field changes</source>
        <translation>1 处字段改动</translation>
    </message>
    <message>
        <source>%1 field changes</source>
        <translation>%1 处字段改动</translation>
    </message>
    <message>
        <source>Product title</source>
        <translation>商品标题</translation>
    </message>
    <message>
        <source>Variant title</source>
        <translation>规格名称</translation>
    </message>
    <message>
        <source>Low-stock level</source>
        <translation>低库存阈值</translation>
    </message>
    <message>
        <source>Edit cell</source>
        <translation>编辑单元格</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>After the commit</source>
        <translation>提交后</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>Paste rows from a spreadsheet with Ctrl+V (a first row naming the columns — sku, price, stock… — places them), or type into the cells. An empty cell leaves its field as it is. Check the changes, then commit them in one go.</source>
        <translation>用 Ctrl+V 从电子表格粘贴行（首行写列名 —— sku、price、stock… —— 即按列名放置），或直接在单元格中输入。空单元格表示该字段保持不变。先检查改动，再一次性提交。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Take back the last change (Ctrl+Z)</source>
        <translation>撤销上一次改动（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Do again what was taken back (Ctrl+Shift+Z)</source>
        <translation>重做已撤销的改动（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Delete rows</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>Check changes</source>
        <translation>检查改动</translation>
    </message>
    <message>
        <source>Ask the server what these rows would change, without changing anything</source>
        <translation>让服务器算出这些行会改动什么，但不做任何改动</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>This row needs a SKU.</source>
        <translation>此行需要 SKU。</translation>
    </message>
    <message>
        <source>A SKU is 1 to 64 letters, digits and . _ - starting with a letter or digit.</source>
        <translation>SKU 为 1 到 64 个字母、数字或 . _ -，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>This SKU is on another row too: keep one of them.</source>
        <translation>此 SKU 也出现在另一行：请只保留一行。</translation>
    </message>
    <message>
        <source>At most 500 characters.</source>
        <translation>最多 500 个字符。</translation>
    </message>
    <message>
        <source>A price is a number such as 12.50: no currency sign, no thousands separator, not below 0.</source>
        <translation>价格是类似 12.50 的数字：不带货币符号、不带千位分隔符、不小于 0。</translation>
    </message>
    <message>
        <source>%1 prices have at most %2 decimals.</source>
        <translation>%1 价格最多 %2 位小数。</translation>
    </message>
    <message>
        <source>A currency is its three-letter code, such as CNY.</source>
        <translation>币种请填三位字母代码，例如 CNY。</translation>
    </message>
    <message>
        <source>OpsDesk does not know this currency, so it cannot read the price.</source>
        <translation>OpsDesk 不认识此币种，因此无法读取价格。</translation>
    </message>
    <message>
        <source>A whole number, 0 or more.</source>
        <translation>须为 0 或更大的整数。</translation>
    </message>
    <message>
        <source>A status is draft, active or archived.</source>
        <translation>状态为 draft、active 或 archived。</translation>
    </message>
    <message>
        <source>A category is a path of names separated by /, such as Tea/Green tea.</source>
        <translation>分类是用 / 分隔的名称路径，例如 Tea/Green tea。</translation>
    </message>
    <message>
        <source>A tag is at most 100 characters; tags are separated by ;.</source>
        <translation>每个标签最多 100 个字符；标签之间用 ; 分隔。</translation>
    </message>
    <message>
        <source>At most 50 tags.</source>
        <translation>最多 50 个标签。</translation>
    </message>
    <message>
        <source>Changing a currency needs the catalog.price permission, which you do not have.</source>
        <translation>修改币种需要 catalog.price 权限，而您没有该权限。</translation>
    </message>
    <message>
        <source>Changing a price needs the catalog.price permission, which you do not have.</source>
        <translation>修改价格需要 catalog.price 权限，而您没有该权限。</translation>
    </message>
    <message>
        <source>%1 (minor units)</source>
        <translation>%1（最小货币单位）</translation>
    </message>
    <message>
        <source>The clipboard holds no text to paste.</source>
        <translation>剪贴板中没有可粘贴的文本。</translation>
    </message>
    <message>
        <source>Paste %1</source>
        <translation>粘贴 %1</translation>
    </message>
    <message>
        <source>The pasted rows are already in the grid.</source>
        <translation>粘贴的行已在表格中。</translation>
    </message>
    <message>
        <source>Pasted %1 by their column names. The grid has no column %2, so it was left out (prices are decimals in the price column).</source>
        <translation>已按列名粘贴 %1。表格没有 %2 列，因此已略去（价格请以小数填在 price 列）。</translation>
    </message>
    <message>
        <source>Pasted %1; %2 did not fit right of the current cell and were left out. Paste with a first row naming the columns, or start further left.</source>
        <translation>已粘贴 %1；%2 超出当前单元格右侧，已略去。请在首行写上列名再粘贴，或从更靠左的位置开始。</translation>
    </message>
    <message>
        <source>Pasted %1 by their column names.</source>
        <translation>已按列名粘贴 %1。</translation>
    </message>
    <message>
        <source>Pasted %1.</source>
        <translation>已粘贴 %1。</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>清除 %1</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>Paste or type rows first.</source>
        <translation>请先粘贴或输入行。</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>The check did not run: %1 Your rows are still here.</source>
        <translation>检查未能进行：%1 您的行仍在这里。</translation>
    </message>
    <message>
        <source>%1 found: the marked cells say what is wrong. Correct them and check again; nothing was changed.</source>
        <translation>发现 %1：标出的单元格说明了问题所在。请更正后再次检查；未做任何改动。</translation>
    </message>
    <message>
        <source>%1 (%2 more are not shown on cells.)</source>
        <translation>%1（另有 %2 个未显示在单元格上。）</translation>
    </message>
    <message>
        <source>These rows change nothing: the catalog already reads so.</source>
        <translation>这些行不会改动任何内容：商品目录已经是这样。</translation>
    </message>
    <message>
        <source>Nothing is changed yet: look through the changes below, then commit them.</source>
        <translation>尚未改动任何内容：请查看下方的改动，然后提交。</translation>
    </message>
    <message>
        <source>Committing…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Committed: %1 updated, %2 new. The product list shows them now.</source>
        <translation>已提交：更新 %1 个，新建 %2 个。商品列表现已显示。</translation>
    </message>
    <message>
        <source>Nothing was saved; your rows are still here.</source>
        <translation>未保存任何内容；您的行仍在这里。</translation>
    </message>
    <message>
        <source>This check is more than a day old. %1 Check the changes again, then commit.</source>
        <translation>此次检查已超过一天。%1 请重新检查改动后再提交。</translation>
    </message>
    <message>
        <source>Someone changed one of these SKUs since the check (%1).</source>
        <translation>检查之后有人修改了其中一个 SKU（%1）。</translation>
    </message>
    <message>
        <source>Someone changed %1 of these SKUs since the check (%2).</source>
        <translation>检查之后有人修改了其中 %1 个 SKU（%2）。</translation>
    </message>
    <message>
        <source>%1 Check the changes again to see the catalog as it is now, then commit.</source>
        <translation>%1 请重新检查改动，查看商品目录当前的样子，然后提交。</translation>
    </message>
    <message>
        <source>These rows change prices, and you may not: that needs the catalog.price permission. %1 Ask an administrator for it, or clear the price cells and check again.</source>
        <translation>这些行会修改价格，而您无权修改：需要 catalog.price 权限。%1 请向管理员申请，或清空价格单元格后重新检查。</translation>
    </message>
    <message>
        <source>The server found errors in these rows. %1 Check the changes again to see them on their cells.</source>
        <translation>服务器在这些行中发现错误。%1 请重新检查改动，在对应单元格上查看。</translation>
    </message>
    <message>
        <source>The commit did not go through: %1 %2 Commit again when the connection is back; a commit that did arrive is not done twice.</source>
        <translation>提交未成功：%1 %2 连接恢复后请再次提交；已送达的提交不会重复执行。</translation>
    </message>
    <message>
        <source>No rows yet.</source>
        <translation>还没有行。</translation>
    </message>
    <message>
        <source>%1 — 1 cell needs attention (hover it to see why).</source>
        <translation>%1 —— 1 个单元格需要处理（鼠标悬停查看原因）。</translation>
    </message>
    <message>
        <source>%1 — %2 need attention (hover a marked cell to see why).</source>
        <translation>%1 —— %2 需要处理（鼠标悬停在标出的单元格上查看原因）。</translation>
    </message>
    <message>
        <source>%1, no problems found.</source>
        <translation>%1，未发现问题。</translation>
    </message>
    <message>
        <source>Check the changes to see here what a commit would do.</source>
        <translation>检查改动后，这里会显示提交将做什么。</translation>
    </message>
    <message>
        <source>%1 new, %2 to update, %3 unchanged, %4 with errors — %5.</source>
        <translation>新建 %1，更新 %2，不变 %3，有错误 %4 —— %5。</translation>
    </message>
    <message>
        <source>The grid changed since this check: check the changes again before committing. (Last check: %1)</source>
        <translation>此次检查后表格有改动：提交前请重新检查。（上次检查：%1）</translation>
    </message>
    <message>
        <source>This check is out of date: check the changes again. (Last check: %1)</source>
        <translation>此次检查已过时：请重新检查改动。（上次检查：%1）</translation>
    </message>
    <message>
        <source>Your %1 not yet committed are back from last time.</source>
        <translation>您上次未提交的 %1 已恢复。</translation>
    </message>
    <message>
        <source>Bulk edit</source>
        <translation>批量编辑</translation>
    </message>
    <message>
        <source>Showing one virtual category&apos;s products; “Clear filters” shows them all.</source>
        <translation>正在显示一个虚拟分类的商品；点“清除筛选”可显示全部。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>By rule</source>
        <translation>按规则</translation>
    </message>
    <message>
        <source>Hand-picked</source>
        <translation>手动挑选</translation>
    </message>
    <message>
        <source>Loading virtual categories…</source>
        <translation>正在加载虚拟分类…</translation>
    </message>
    <message>
        <source>Save or revert these changes before starting another.</source>
        <translation>请先保存或撤销这些改动，再新建一个。</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>按名称搜索</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>A new virtual category, by rule or hand-picked</source>
        <translation>新建一个按规则或手动挑选的虚拟分类</translation>
    </message>
    <message>
        <source>No virtual categories yet: “New” makes one.</source>
        <translation>还没有虚拟分类：点“新建”创建一个。</translation>
    </message>
    <message>
        <source>No virtual categories yet.</source>
        <translation>还没有虚拟分类。</translation>
    </message>
    <message>
        <source>No virtual category has this in its name.</source>
        <translation>没有名称包含此内容的虚拟分类。</translation>
    </message>
    <message>
        <source>A virtual category groups products across the category tree, by a rule or by hand; promotions can target it.</source>
        <translation>虚拟分类按规则或手动把分类树中各处的商品归为一组；促销可以以它为对象。</translation>
    </message>
    <message>
        <source>You may look at virtual categories; changing them needs the permission “Edit products, stock and categories”.</source>
        <translation>您可以查看虚拟分类；修改需要“编辑商品、库存和分类”权限。</translation>
    </message>
    <message>
        <source>Save or revert these changes before opening another virtual category.</source>
        <translation>请先保存或撤销这些改动，再打开其他虚拟分类。</translation>
    </message>
    <message>
        <source>Choose a virtual category on the left, or make a new one.</source>
        <translation>请在左侧选择一个虚拟分类，或新建一个。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>What shoppers and colleagues call it</source>
        <translation>顾客和同事对它的称呼</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Its products follow from conditions, at every moment</source>
        <translation>其商品随时由条件决定</translation>
    </message>
    <message>
        <source>The products you pick, and only those</source>
        <translation>仅包含您挑选的商品</translation>
    </message>
    <message>
        <source>Products that meet every condition</source>
        <translation>满足全部条件的商品</translation>
    </message>
    <message>
        <source>Include subcategories</source>
        <translation>包含子分类</translation>
    </message>
    <message>
        <source>Price:</source>
        <translation>价格：</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>up to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>A variant priced within the range, both ends included, in this currency</source>
        <translation>有规格的价格在此币种下落在该区间内（含两端）</translation>
    </message>
    <message>
        <source>Stock:</source>
        <translation>库存：</translation>
    </message>
    <message>
        <source>Any stock</source>
        <translation>任意库存</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>有货</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Any of these tags, separated by commas</source>
        <translation>含以下任一标签，用逗号分隔</translation>
    </message>
    <message>
        <source>Attributes:</source>
        <translation>属性：</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Products whose attributes hold every row. A value is text, a number or true/false; put text that looks like a number in quotes: &quot;250&quot;.</source>
        <translation>属性满足每一行的商品。值可以是文本、数字或 true/false；看起来像数字的文本请加引号：&quot;250&quot;。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>(none ticked: any status)</source>
        <translation>（都不勾选：任意状态）</translation>
    </message>
    <message>
        <source>Products now</source>
        <translation>当前商品</translation>
    </message>
    <message>
        <source>Find products</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <source>Search title, SKU or tag</source>
        <translation>搜索标题、SKU 或标签</translation>
    </message>
    <message>
        <source>Add to the category</source>
        <translation>加入此分类</translation>
    </message>
    <message>
        <source>Remove from the category</source>
        <translation>从此分类移除</translation>
    </message>
    <message>
        <source>In this category (%1)</source>
        <translation>此分类中（%1）</translation>
    </message>
    <message>
        <source>Show products</source>
        <translation>显示商品</translation>
    </message>
    <message>
        <source>The product list, filtered by this virtual category</source>
        <translation>按此虚拟分类筛选的商品列表</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>任意分类</translation>
    </message>
    <message>
        <source>Write an amount in %1, such as %2.</source>
        <translation>请填写 %1 金额，例如 %2。</translation>
    </message>
    <message>
        <source>The upper end is below the lower one.</source>
        <translation>上限低于下限。</translation>
    </message>
    <message>
        <source>Row %1 has a value but no attribute name.</source>
        <translation>第 %1 行有值但没有属性名。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <source>Correct the marked conditions to see the count.</source>
        <translation>请更正标出的条件以查看数量。</translation>
    </message>
    <message>
        <source>The server refused a condition; see beside it.</source>
        <translation>服务器拒绝了一个条件；请看其旁边的说明。</translation>
    </message>
    <message>
        <source>More than %1 products</source>
        <translation>超过 %1 件商品</translation>
    </message>
    <message>
        <source>No product meets every condition now.</source>
        <translation>目前没有商品满足全部条件。</translation>
    </message>
    <message>
        <source>The %1 changed last:</source>
        <translation>最近改动的 %1：</translation>
    </message>
    <message>
        <source>This category no longer exists; choose another.</source>
        <translation>此分类已不存在；请另选一个。</translation>
    </message>
    <message>
        <source>A price range needs its currency.</source>
        <translation>价格区间需要指定币种。</translation>
    </message>
    <message>
        <source>The server does not know this currency.</source>
        <translation>服务器不认识此币种。</translation>
    </message>
    <message>
        <source>At most 10,000,000,000.00 in the currency&apos;s units.</source>
        <translation>按该币种单位最多 10,000,000,000.00。</translation>
    </message>
    <message>
        <source>At most %1 different tags of up to %2 characters each.</source>
        <translation>最多 %1 个不同的标签，每个最多 %2 个字符。</translation>
    </message>
    <message>
        <source>At most %1 different entries of up to %2 characters each.</source>
        <translation>最多 %1 个不同的条目，每个最多 %2 个字符。</translation>
    </message>
    <message>
        <source>Name at least one tag, or leave the tags empty.</source>
        <translation>请至少填写一个标签，或让标签留空。</translation>
    </message>
    <message>
        <source>1 to 20 attributes, each a name of up to 100 characters and a text of up to 200, a number or true/false.</source>
        <translation>1 到 20 个属性，每个属性名最多 100 个字符，值为最多 200 个字符的文本、数字或 true/false。</translation>
    </message>
    <message>
        <source>This rule takes too long to evaluate; narrow it with a category, a status or tags.</source>
        <translation>此规则计算耗时过长；请用分类、状态或标签缩小范围。</translation>
    </message>
    <message>
        <source>Some of these products no longer exist: %1</source>
        <translation>其中部分商品已不存在：%1</translation>
    </message>
    <message>
        <source>This desk&apos;s rule has a condition the server does not know.</source>
        <translation>此客户端的规则含有服务器不认识的条件。</translation>
    </message>
    <message>
        <source>Product %1</source>
        <translation>商品 %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>product title — its SKUs</comment>
        <translation>%1 —— %2</translation>
    </message>
    <message>
        <source>No product matches.</source>
        <translation>没有匹配的商品。</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the marked fields.</source>
        <translation>未保存任何内容：请更正标出的字段。</translation>
    </message>
    <message>
        <source>Nothing to save: no change.</source>
        <translation>没有需要保存的内容：没有改动。</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <source>Someone else saved this virtual category after you opened it; nothing of yours was saved. Fetching their version…</source>
        <translation>您打开后有其他人保存了此虚拟分类；您的内容未保存。正在获取他们的版本…</translation>
    </message>
    <message>
        <source>Another virtual category has this name (whatever its case).</source>
        <translation>已有其他虚拟分类使用此名称（不区分大小写）。</translation>
    </message>
    <message>
        <source>Every product</source>
        <translation>所有商品</translation>
    </message>
    <message>
        <source>category %1</source>
        <translation>分类 %1</translation>
    </message>
    <message>
        <source>in %1 or below</source>
        <translation>在 %1 及其子分类中</translation>
    </message>
    <message>
        <source>in %1 only</source>
        <translation>仅在 %1 中</translation>
    </message>
    <message>
        <source>priced %1 to %2</source>
        <translation>价格 %1 到 %2</translation>
    </message>
    <message>
        <source>priced from %1</source>
        <translation>价格不低于 %1</translation>
    </message>
    <message>
        <source>priced up to %1</source>
        <translation>价格不高于 %1</translation>
    </message>
    <message>
        <source>priced in %1</source>
        <translation>以 %1 计价</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>有货</translation>
    </message>
    <message>
        <source>out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>tagged %1</source>
        <translation>标签为 %1</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <comment>attribute = value</comment>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Someone else saved this virtual category after you opened it. Nothing of yours was saved; your changes are still here.</source>
        <translation>您打开后有其他人保存了此虚拟分类。您的内容未保存；您的改动仍在这里。</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <comment>promotion status</comment>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>promotion status</comment>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Sold out</source>
        <comment>promotion status</comment>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>Ended</source>
        <comment>promotion status</comment>
        <translation>已结束</translation>
    </message>
</context>
</TS>

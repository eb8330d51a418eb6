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
</context>
</TS>

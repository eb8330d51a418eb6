// The bulk grid's model without a screen: a pasted block placed and grown, cells checked as
// they change by the import's rules, edits that undo exactly, the CSV the import reads with each
// row's line known, and the dry run's errors put back on their cells.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include "services-client/catalog/bulkgridmodel.h"
#include "services-client/catalog/catalogimports.h"
#include "services-client/catalog/importchangesmodel.h"

using opsdesk::client::BulkGridModel;
using opsdesk::client::ImportChangesModel;
using opsdesk::client::ImportDryRun;
using opsdesk::client::ImportRowError;
using Problem = BulkGridModel::Problem;

Q_DECLARE_METATYPE(Problem)

class CatalogBulkTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<BulkGridModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;

    void paste(const QString& text, int row = 0, int column = 0) {
        model->applyEdits(model->pasteEdits(text, row, column).edits);
    }

private slots:
    void init() {
        model = std::make_unique<BulkGridModel>();
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup() {
        tester.reset();
        model.reset();
    }

    void emptyGrid_hasOneBlankRowToTypeInto() {
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->dataRowCount(), 0);
        QCOMPARE(model->columnCount(), int(BulkGridModel::ColumnCount));
        QVERIFY(model->isEmpty());
        QCOMPARE(model->problemCount(), 0);
        QCOMPARE(model->headerData(BulkGridModel::PriceColumn, Qt::Horizontal).toString(),
                 QString("price"));
    }

    void pastedBlock_goesAtTheCell_growsRows_andKeepsOneBlankRow() {
        QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
        paste("TEA-001\t12.50\nTEA-002\t8\r\nTEA-003\t9.9\n", 0, 0);
        QCOMPARE(model->dataRowCount(), 3);
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(inserted.size(), 1);
        // The grid's order from the current column: sku, product_title.
        QCOMPARE(model->cell(1, BulkGridModel::SkuColumn), QString("TEA-002"));
        QCOMPARE(model->cell(1, BulkGridModel::ProductTitleColumn), QString("8"));
        // At the price column, the same block puts the SKUs there (and is flagged).
        const auto at = model->pasteEdits("12.00\tCNY\n", 2, BulkGridModel::PriceColumn);
        QCOMPARE(at.edits.size(), 2);
        QCOMPARE(at.edits[0].row, 2);
        QCOMPARE(at.edits[0].column, int(BulkGridModel::PriceColumn));
        QCOMPARE(at.edits[1].column, int(BulkGridModel::CurrencyColumn));
        QCOMPARE(at.droppedColumns, 0);
        const auto wide = model->pasteEdits("a\tb\tc\n", 0, BulkGridModel::CategoryColumn);
        QCOMPARE(wide.edits.size(), 2);
        QCOMPARE(wide.droppedColumns, 1);
    }

    void firstRowNamingColumns_placesThemByName() {
        const auto p = model->pasteEdits("SKU\tPrice\tStock\nTEA-001\t12.50\t7\n", 4,
                                         BulkGridModel::TagsColumn);
        QVERIFY(p.header);
        QCOMPARE(p.rows, 1);
        model->applyEdits(p.edits);
        QCOMPARE(model->cell(4, BulkGridModel::SkuColumn), QString("TEA-001"));
        QCOMPARE(model->cell(4, BulkGridModel::PriceColumn), QString("12.50"));
        QCOMPARE(model->cell(4, BulkGridModel::StockColumn), QString("7"));
        QCOMPARE(model->cell(4, BulkGridModel::TagsColumn), QString());
        // A first row that is data is not a header.
        QVERIFY(!model->pasteEdits("sku-1\t12\n", 0, 0).header);
        // A header naming the SKU's column and one the grid has not: that one is left out.
        const auto odd = model->pasteEdits("sku\tprice_minor\tstock\nTEA-9\t1250\t3\n", 0, 3);
        QVERIFY(odd.header);
        QCOMPARE(odd.unknownColumns, QStringList({"price_minor"}));
        QCOMPARE(odd.edits, (QList<BulkGridModel::CellEdit>{{0, BulkGridModel::SkuColumn, "TEA-9"},
                                                            {0, BulkGridModel::StockColumn, "3"}}));
        QVERIFY(!model->pasteEdits("colour\tsize\nred\tL\n", 0, 0).header);
    }

    void spreadsheetQuoting_isRead() {
        const auto rows = BulkGridModel::parseTabSeparated(
            "A\t\"two\nlines\"\t\"say \"\"hi\"\"\"\n12\" pizza\t\"tab\there\"\n");
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0], QStringList({"A", "two\nlines", "say \"hi\""}));
        QCOMPARE(rows[1], QStringList({"12\" pizza", "tab\there"}));
        QCOMPARE(BulkGridModel::parseTabSeparated("x\t\n").first(), QStringList({"x", ""}));
    }

    void cellsAreChecked_asTheyChange_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("value");
        QTest::addColumn<Problem>("expected");
        const int sku = BulkGridModel::SkuColumn;
        QTest::newRow("sku ok") << sku << "TEA-LJ_250.x" << Problem::None;
        QTest::newRow("sku slash") << sku << "TEA/1" << Problem::SkuInvalid;
        QTest::newRow("sku leading dash") << sku << "-TEA" << Problem::SkuInvalid;
        QTest::newRow("sku non-ascii") << sku << "茶-1" << Problem::SkuInvalid;
        QTest::newRow("sku too long") << sku << QString(65, 'a') << Problem::SkuInvalid;
        QTest::newRow("sku blank") << sku << "  " << Problem::SkuMissing;
        const int price = BulkGridModel::PriceColumn;
        QTest::newRow("price") << price << "12.50" << Problem::None;
        QTest::newRow("price whole") << price << " 12 " << Problem::None;
        QTest::newRow("price comma") << price << "12,50" << Problem::PriceInvalid;
        QTest::newRow("price sign") << price << "¥12" << Problem::PriceInvalid;
        QTest::newRow("price negative") << price << "-1" << Problem::PriceInvalid;
        QTest::newRow("price dot only") << price << "12." << Problem::PriceInvalid;
        QTest::newRow("price 4 decimals") << price << "1.2345" << Problem::PriceInvalid;
        const int stock = BulkGridModel::StockColumn;
        QTest::newRow("stock 0") << stock << "0" << Problem::None;
        QTest::newRow("stock max") << stock << "2147483647" << Problem::None;
        QTest::newRow("stock over") << stock << "2147483648" << Problem::NotWholeNumber;
        QTest::newRow("stock negative") << stock << "-3" << Problem::NotWholeNumber;
        QTest::newRow("stock decimal") << stock << "3.0" << Problem::NotWholeNumber;
        QTest::newRow("threshold")
            << int(BulkGridModel::LowStockThresholdColumn) << "x" << Problem::NotWholeNumber;
        const int status = BulkGridModel::StatusColumn;
        QTest::newRow("status any case") << status << "Active" << Problem::None;
        QTest::newRow("status unknown") << status << "live" << Problem::StatusInvalid;
        const int currency = BulkGridModel::CurrencyColumn;
        QTest::newRow("currency") << currency << "cny" << Problem::None;
        QTest::newRow("currency 4") << currency << "CNYY" << Problem::CurrencyInvalid;
        const int category = BulkGridModel::CategoryColumn;
        QTest::newRow("category") << category << "Tea / Green tea" << Problem::None;
        QTest::newRow("category empty part")
            << category << "Tea//Green" << Problem::CategoryInvalid;
        const int tags = BulkGridModel::TagsColumn;
        QTest::newRow("tags") << tags << "green; spring;" << Problem::None;
        QTest::newRow("tag too long") << tags << QString(101, 't') << Problem::TagTooLong;
        QStringList many;
        for (int i = 0; i < 51; ++i) {
            many << QString("t%1").arg(i);
        }
        QTest::newRow("51 tags") << tags << many.join(';') << Problem::TooManyTags;
        QTest::newRow("title") << int(BulkGridModel::ProductTitleColumn) << QString(501, 'x')
                               << Problem::TitleTooLong;
    }
    void cellsAreChecked_asTheyChange() {
        QFETCH(int, column);
        QFETCH(QString, value);
        QFETCH(Problem, expected);
        // The rest of the row is not blank: a valid SKU, or (for the SKU's cases) a title.
        model->applyEdits(
            {column == BulkGridModel::SkuColumn
                 ? BulkGridModel::CellEdit{0, BulkGridModel::VariantTitleColumn, "250 g"}
                 : BulkGridModel::CellEdit{0, BulkGridModel::SkuColumn, "TEA-001"}});
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        model->applyEdits({{0, column, value}});
        QVERIFY(!changed.isEmpty());
        QCOMPARE(model->problem(0, column), expected);
        QCOMPARE(model->index(0, column).data(BulkGridModel::ProblemRole).toInt(), int(expected));
        QCOMPARE(model->problemCount(), expected == Problem::None ? 0 : 1);
    }

    void aRowWithoutSku_isFlagged_aBlankRowIsNot() {
        model->applyEdits({{0, BulkGridModel::PriceColumn, "12.00"}, {2, 0, "TEA-1"}});
        QCOMPARE(model->problem(0, BulkGridModel::SkuColumn), Problem::SkuMissing);
        QCOMPARE(model->problem(1, BulkGridModel::SkuColumn), Problem::None);  // blank
        QCOMPARE(model->problemCount(), 1);
        QCOMPARE(model->filledRowCount(), 2);
    }

    void priceDecimals_followTheRowsCurrency() {
        model->applyEdits({{0, 0, "JP-1"}, {0, BulkGridModel::PriceColumn, "1200.5"}});
        QCOMPARE(model->problem(0, BulkGridModel::PriceColumn), Problem::None);  // unknown yet
        model->applyEdits({{0, BulkGridModel::CurrencyColumn, "jpy"}});
        QCOMPARE(model->problem(0, BulkGridModel::PriceColumn), Problem::PriceDecimals);
        model->setTexts({{},
                         [](Problem p, int, const QString& currency) {
                             return QString("%1 %2").arg(int(p)).arg(currency);
                         },
                         {},
                         {}});
        QCOMPARE(model->index(0, BulkGridModel::PriceColumn).data(Qt::ToolTipRole).toString(),
                 QString("%1 JPY").arg(int(Problem::PriceDecimals)));
        model->applyEdits({{0, BulkGridModel::CurrencyColumn, "CNY"}});
        QCOMPARE(model->problem(0, BulkGridModel::PriceColumn), Problem::None);
        model->applyEdits({{0, BulkGridModel::CurrencyColumn, "XXQ"}});
        QCOMPARE(model->problem(0, BulkGridModel::CurrencyColumn), Problem::CurrencyUnknown);
    }

    void sameSkuTwice_whateverTheCase_flagsBoth_untilOneChanges() {
        paste("TEA-1\nTEA-2\ntea-1\n");
        QCOMPARE(model->problem(0, 0), Problem::SkuDuplicate);
        QCOMPARE(model->problem(2, 0), Problem::SkuDuplicate);
        QCOMPARE(model->problem(1, 0), Problem::None);
        model->applyEdits({{2, 0, "TEA-3"}});
        QCOMPARE(model->problem(0, 0), Problem::None);
        QCOMPARE(model->problemCount(), 0);
    }

    void withoutPricePermission_pricesAreFlagged() {
        model->applyEdits({{0, 0, "TEA-1"},
                           {0, BulkGridModel::PriceColumn, "12.00"},
                           {0, BulkGridModel::StockColumn, "4"}});
        model->setMayChangePrices(false);
        QCOMPARE(model->problem(0, BulkGridModel::PriceColumn), Problem::NeedsPricePermission);
        QCOMPARE(model->problem(0, BulkGridModel::StockColumn), Problem::None);
        model->setMayChangePrices(true);
        QCOMPARE(model->problemCount(), 0);
    }

    void edits_returnWhatUndoesThem_rowsIncluded() {
        paste("TEA-1\t\t\t1.00\n");
        const auto before = model->rows();
        const int rowsBefore = model->dataRowCount();
        const quint64 generation = model->generation();
        QSignalSpy content(model.get(), &BulkGridModel::contentChanged);
        const auto undo = model->applyEdits(
            model->pasteEdits("TEA-1\t\t\t2.00\nTEA-2\t\t\t3.00\nTEA-3\n", 0, 0).edits);
        QVERIFY(content.size() >= 1);
        QVERIFY(model->generation() != generation);
        QCOMPARE(model->dataRowCount(), 3);
        model->applyEdits(undo);
        model->setDataRowCount(rowsBefore);
        QCOMPARE(model->rows(), before);
        QCOMPARE(model->rowCount(), 2);
        // The same cell twice in one change: undone to the value before both.
        const auto twice = model->applyEdits({{0, 0, "A-1"}, {0, 0, "A-2"}});
        QCOMPARE(model->cell(0, 0), QString("A-2"));
        model->applyEdits(twice);
        QCOMPARE(model->cell(0, 0), QString("TEA-1"));
    }

    void removedRows_comeBackWhereTheyWere() {
        paste("A-1\nA-2\nA-3\nA-4\nA-5\n");
        const auto removed = model->removeDataRows({3, 1, 0, 99});
        QCOMPARE(removed.size(), 3);
        QCOMPARE(model->rows(),
                 QList<QStringList>({QStringList{"A-3", "", "", "", "", "", "", "", "", ""},
                                     QStringList{"A-5", "", "", "", "", "", "", "", "", ""}}));
        model->insertDataRows(removed);
        QCOMPARE(model->dataRowCount(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(model->cell(i, 0), QString("A-%1").arg(i + 1));
        }
    }

    void csv_isTheImportsFile_withEachRowsLine() {
        model->applyEdits({
            {0, BulkGridModel::SkuColumn, "TEA-1"},
            {0, BulkGridModel::PriceColumn, "12.50"},
            {2, BulkGridModel::SkuColumn, "TEA-2"},
            {2, BulkGridModel::ProductTitleColumn, "Tea, \"the good one\"\nsecond line"},
            {3, BulkGridModel::SkuColumn, "TEA-3"},
            {3, BulkGridModel::PriceColumn, "=1+1"},
        });
        const auto up = model->toCsv();
        QCOMPARE(up.csv, QByteArray("sku,product_title,price\r\n"
                                    "TEA-1,,12.50\r\n"
                                    "TEA-2,\"Tea, \"\"the good one\"\"\nsecond line\",\r\n"
                                    "TEA-3,,=1+1\r\n"));
        QCOMPARE(up.columns,
                 QList<int>({BulkGridModel::SkuColumn, BulkGridModel::ProductTitleColumn,
                             BulkGridModel::PriceColumn}));
        // Row 1 is blank and not written; TEA-2 spans lines 3 and 4.
        QCOMPARE(up.lines, (QList<std::pair<int, int>>{{2, 0}, {3, 2}, {5, 3}}));
        QCOMPARE(up.rowForLine(4), 2);
        QCOMPARE(up.rowForLine(5), 3);
        QCOMPARE(up.rowForLine(1), -1);
        QCOMPARE(up.rowForLine(6), -1);
    }

    void dryRunErrors_landOnTheirCells_andGoWhenTheRowIsEdited() {
        paste("sku\tprice\tstock\nTEA-1\t1.00\t1\n\nTEA-2\t2.00\t2\nTEA-3\t3.00\t3\n");
        QCOMPARE(model->problemCount(), 0);
        const auto up = model->toCsv();
        const int placed =
            model->applyServerErrors(up, {{3, "price", "needs catalog.price"},
                                          {4, QString(), "the same SKU on two lines"},
                                          {4, "Stock", "expected a whole number"},
                                          {99, "price", "nowhere"}});
        QCOMPARE(placed, 3);
        QCOMPARE(model->problem(2, BulkGridModel::PriceColumn), Problem::Server);
        QCOMPARE(model->index(2, BulkGridModel::PriceColumn).data(Qt::ToolTipRole).toString(),
                 QString("needs catalog.price"));
        QCOMPARE(model->problem(3, BulkGridModel::SkuColumn), Problem::Server);
        QCOMPARE(model->problem(3, BulkGridModel::StockColumn), Problem::Server);
        QCOMPARE(model->problemCount(), 3);
        QCOMPARE(model->problemCount(false), 0);
        const quint64 generation = model->generation();
        model->applyEdits({{3, BulkGridModel::StockColumn, "4"}});
        QVERIFY(model->generation() != generation);
        QCOMPARE(model->problem(3, BulkGridModel::SkuColumn), Problem::None);
        QCOMPARE(model->problem(2, BulkGridModel::PriceColumn), Problem::Server);
        model->clearServerErrors();
        QCOMPARE(model->problemCount(), 0);
    }

    void draft_roundTripsThroughJson() {
        paste("TEA-1\tLongjing\nTEA-2\n\n");
        const QJsonArray json = model->toJson();
        QCOMPARE(json.size(), 2);
        BulkGridModel other;
        QAbstractItemModelTester otherTester(
            &other, QAbstractItemModelTester::FailureReportingMode::QtTest);
        other.setRows(BulkGridModel::rowsFromJson(json));
        QCOMPARE(other.rows(), model->rows());
        other.setRows({});
        QVERIFY(other.isEmpty());
    }

    void dryRunAnswer_isRead() {
        const auto json = QJsonDocument::fromJson(R"({"id":7,"status":"dry_run","rows":3,
            "creates":1,"updates":1,"unchanged":0,"error_count":1,"changes_price":true,
            "errors":[{"line":3,"column":"price","message":"no"}],
            "changes":[{"sku":"TEA-1","field":"price_minor","from":100,"to":200},
                       {"sku":"TEA-9","field":"tags","from":null,"to":["a","b"]}]})");
        QString why;
        const auto d = ImportDryRun::fromJson(json.object(), &why);
        QVERIFY2(d, qPrintable(why));
        QCOMPARE(d->id, 7);
        QCOMPARE(d->errorCount, 1);
        QVERIFY(d->changesPrice);
        QCOMPARE(d->errors.first().column, QString("price"));
        QCOMPARE(d->changes.size(), 2);
        QCOMPARE(ImportChangesModel::plainValue(d->changes[1].to), QString("a; b"));
        QVERIFY(!ImportDryRun::fromJson(QJsonObject{{"id", 7}}, &why));
        QVERIFY(!why.isEmpty());

        ImportChangesModel changes;
        QAbstractItemModelTester changesTester(
            &changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        changes.setChanges(d->changes);
        QCOMPARE(changes.rowCount(), 2);
        QCOMPARE(changes.index(0, ImportChangesModel::ToColumn).data().toString(), QString("200"));
        QCOMPARE(changes.index(1, ImportChangesModel::FromColumn).data().toString(), QString());
    }
};

QTEST_GUILESS_MAIN(CatalogBulkTest)
#include "tst_catalog_bulk.moc"

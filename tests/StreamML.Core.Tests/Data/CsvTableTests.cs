using StreamML.Core.Data;

namespace StreamML.Core.Tests.Data;

[Trait("Category", "BVT")]
public sealed class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(new StringReader(text), "t.csv");

    [Fact]
    public void NumericColumn_ParsesSpecialValues()
    {
        var table = Parse("x,y\n1.5,a\nNaN,b\nInfinity,c\n-Infinity,d\n-2e3,e\n");
        var x = table.NumericColumn("x");
        Assert.Equal(5, x.Length);
        Assert.Equal(1.5, x[0]);
        Assert.True(double.IsNaN(x[1]));
        Assert.Equal(double.PositiveInfinity, x[2]);
        Assert.Equal(double.NegativeInfinity, x[3]);
        Assert.Equal(-2000, x[4]);
    }

    [Fact]
    public void NumericColumn_BadValue_NamesLineAndColumn()
    {
        var table = Parse("x\n1\n\n2\nabc\n");
        var ex = Assert.Throws<CsvFormatException>(() => table.NumericColumn("x"));
        Assert.Equal("t.csv: line 5: column 'x': 'abc' is not a number", ex.Message);
    }

    [Fact]
    public void ColumnIndex_Missing_ListsColumns()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\n").ColumnIndex("c"));
        Assert.Equal("t.csv: no column 'c' (columns: a, b)", ex.Message);
    }

    [Fact]
    public void Parse_RaggedRow_IsRefused()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\n3\n"));
        Assert.Equal("t.csv: line 3: expected 2 fields, found 1", ex.Message);
    }

    [Fact]
    public void Parse_QuotedFieldsAndCrLf()
    {
        var table = Parse("name,v\r\n\"a, \"\"b\"\"\",1\r\n");
        Assert.Equal("a, \"b\"", table.Rows[0][0]);
        Assert.Equal(1, table.NumericColumn("v")[0]);
    }

    [Fact]
    public void Parse_Empty_IsRefused()
    {
        Assert.Throws<CsvFormatException>(() => Parse(""));
    }
}

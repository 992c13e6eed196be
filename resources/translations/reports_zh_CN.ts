<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportButtons</name>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="27" />
        <source>Print inspection report…</source>
        <translation>打印检查记录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="30" />
        <source>Save the inspection report (检查记录) as a PDF and open it to print</source>
        <translation>将检查记录保存为 PDF 并打开以便打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="31" />
        <source>Rectification notice…</source>
        <translation>整改通知书…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="44" />
        <source>Make the rectification notice (整改通知书) with its stub, as a one-page PDF</source>
        <translation>生成一页 PDF 的责令限期整改通知书（含存根）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="49" />
        <source>This version has been amended: make the notice from the amendment.</source>
        <translation>此版本已被更正：请从更正后的版本出具整改通知书。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="51" />
        <source>Complete the inspection first: a notice is made only for a completed inspection with findings.</source>
        <translation>请先完成检查：只有已完成且发现问题的检查才能出具整改通知书。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_buttons.py" line="54" />
        <source>No findings: there is nothing to rectify, so no notice.</source>
        <translation>未发现问题：无需整改，不出具整改通知书。</translation>
    </message>
</context>
<context>
    <name>ReportStatus</name>
    <message>
        <location filename="../../app/ui/reports/report_status.py" line="33" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_status.py" line="35" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_status.py" line="37" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_status.py" line="40" />
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="73" />
        <location filename="../../app/ui/reports/window_reports.py" line="174" />
        <source>Summary report</source>
        <translation>汇总报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="79" />
        <source>Which inspections</source>
        <translation>统计范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="84" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="87" />
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="96" />
        <source>All checklists</source>
        <translation>全部检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="98" />
        <source>Started from</source>
        <translation>开始日期 从</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="100" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="103" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="105" />
        <source>Street / town</source>
        <translation>街道/乡镇</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="107" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="114" />
        <source>Inspections</source>
        <translation>检查总数</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="115" />
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="116" />
        <source>Open items</source>
        <translation>未整改事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="117" />
        <source>of which overdue</source>
        <translation>其中逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="129" />
        <source>Work item</source>
        <translation>工作内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="129" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="130" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="130" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="131" />
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="131" />
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="132" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="132" />
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="133" />
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="135" />
        <source>By work item and status</source>
        <translation>按工作内容和状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="136" />
        <source>Findings by kind</source>
        <translation>发现问题分类</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="137" />
        <source>Open and overdue items</source>
        <translation>未整改和逾期事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="154" />
        <source>Double-click an item to open its inspection</source>
        <translation>双击某项可打开其检查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="162" />
        <source>Include photos (slower, larger file)</source>
        <translation>附现场照片（较慢，文件较大）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="164" />
        <source>Generate summary report…</source>
        <translation>生成汇总报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="191" />
        <source>All streets and towns</source>
        <translation>全部街道/乡镇</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="245" />
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="275" />
        <location filename="../../app/ui/reports/summary_page.py" line="289" />
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="327" />
        <source>Counted as of %1: current versions only (an amended inspection counts once). The PDF adds charts, inspectors and the list of inspections.</source>
        <translation>逾期计算截至 %1；只统计当前版本（更正过的检查只计一次）。PDF 中另有图表、检查人员统计和检查清单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/summary_page.py" line="336" />
        <source>Could not count: %1</source>
        <translation>无法统计：%1</translation>
    </message>
</context>
<context>
    <name>WindowReports</name>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="117" />
        <source>Export reports…</source>
        <translation>导出检查记录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="120" />
        <source>Save the inspection report of each selected inspection as a PDF into a folder</source>
        <translation>将选中的每条检查的检查记录分别保存为 PDF 到一个文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="200" />
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="227" />
        <source>Save the inspection report</source>
        <translation>保存检查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="228" />
        <source>Save the rectification notice</source>
        <translation>保存整改通知书</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="243" />
        <location filename="../../app/ui/reports/window_reports.py" line="256" />
        <location filename="../../app/ui/reports/window_reports.py" line="393" />
        <source>Making %1…</source>
        <translation>正在生成 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/window_reports.py" line="263" />
        <source>Saved %1 (%n page(s)).</source>
        <translation>
            <numerusform>已保存 %1（共 %n 页）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/window_reports.py" line="265" />
        <source>%n photo file(s) are missing or damaged: check the photos folder (%1).</source>
        <translation>
            <numerusform>有 %n 个照片文件缺失或损坏，请检查照片文件夹（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="269" />
        <source>No PDF viewer opened it: the file is in %1.</source>
        <translation>没有程序打开它：文件在 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="302" />
        <source>Export many reports</source>
        <translation>导出大量检查记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/window_reports.py" line="303" />
        <source>Export the inspection reports of %n inspections? Each is a PDF file; this can take a long time (it can be cancelled, keeping the files written).</source>
        <translation>
            <numerusform>要导出 %n 份检查记录吗？每份都是一个 PDF 文件，可能需要很长时间（可随时取消，已写好的文件会保留）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="327" />
        <source>Folder for the inspection reports</source>
        <translation>选择保存检查记录的文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/window_reports.py" line="350" />
        <source>Exporting %n report(s)…</source>
        <translation>
            <numerusform>正在导出 %n 份检查记录…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="355" />
        <source>Exporting %1 of %2: %3</source>
        <translation>正在导出第 %1 份，共 %2 份：%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="368" />
        <source>Export cancelled: %1 of %2 reports written; they are complete.</source>
        <translation>已取消导出：已写出 %2 份中的 %1 份，均完整可用。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/window_reports.py" line="371" />
        <source>%n report(s) written to %1.</source>
        <translation>
            <numerusform>已导出 %n 份检查记录到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="382" />
        <source>Save the summary report</source>
        <translation>保存汇总报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="418" />
        <source>No Chinese font to embed in the PDF. Install fonts-wqy-microhei (Debian/Ubuntu) or set STREET_AUDIT_FONT to a .ttf/.ttc file.</source>
        <translation>没有可嵌入 PDF 的中文字体。请安装文泉驿微米黑（Debian/Ubuntu：fonts-wqy-microhei），或设置环境变量 STREET_AUDIT_FONT 指向一个 .ttf/.ttc 文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="420" />
        <source>The disk is full: the PDF was not saved and no partial file was left. Free some space or choose another folder.</source>
        <translation>磁盘已满：PDF 未保存，也没有留下不完整的文件。请清理空间或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="422" />
        <source>No permission to write there: the PDF was not saved. Choose another folder.</source>
        <translation>没有写入该位置的权限：PDF 未保存。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="424" />
        <source>The PDF could not be written; no partial file was left.</source>
        <translation>PDF 无法写入，没有留下不完整的文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="425" />
        <source>No notice can be made for this inspection.</source>
        <translation>此检查不能出具整改通知书。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="426" />
        <source>The inspection no longer exists.</source>
        <translation>该检查已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="427" />
        <source>The document could not be made.</source>
        <translation>文书未能生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="431" />
        <source>%1 of %2 reports were written before the error; they are complete. Not written: inspection %3.</source>
        <translation>出错前已写出 %2 份中的 %1 份，均完整可用。未写出：检查 %3。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/window_reports.py" line="450" />
        <source>Document not made</source>
        <translation>文书未生成</translation>
    </message>
</context>
</TS>
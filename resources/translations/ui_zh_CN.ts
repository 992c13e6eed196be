<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/amend_dialog.py" line="20" />
        <source>Amend inspection</source>
        <translation>更正检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/amend_dialog.py" line="24" />
        <source>A completed inspection is kept unchanged as evidence. The amendment is a new version that starts from its answers. Why does it need to be corrected?</source>
        <translation>已完成的检查作为证据保持不变。更正会以其答案为起点生成一个新版本。为什么需要更正？</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/amend_dialog.py" line="30" />
        <source>e.g. the shop's credit code was misread</source>
        <translation>例如：店铺的统一社会信用代码抄错了</translation>
    </message>
</context>
<context>
    <name>AnswerInput</name>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="467" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="470" />
        <source>Take the answer back (none chosen)</source>
        <translation>撤回答案（不选任何项）</translation>
    </message>
</context>
<context>
    <name>BundleResultModel</name>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="28" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="28" />
        <source>Sender</source>
        <translation>发送设备</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="28" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="28" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="29" />
        <source>Brought</source>
        <translation>带来的内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="29" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="29" />
        <source>Reason</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="53" />
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="53" />
        <source>Already merged</source>
        <translation>已合并过</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="54" />
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="55" />
        <source>Not merged (cancelled)</source>
        <translation>未合并（已取消）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="61" />
        <source>%1 new</source>
        <translation>新增 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="62" />
        <source>%1 updated</source>
        <translation>更新 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="64" />
        <source>%1 deleted</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="66" />
        <source>%1 photos</source>
        <translation>照片 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="68" />
        <source>%1 checklists</source>
        <translation>检查表 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/results_model.py" line="69" />
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="71" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="71" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="71" />
        <source>Work item</source>
        <translation>工作内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="72" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="72" />
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="72" />
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="232" />
        <location filename="../../app/ui/ledger/case_panel.py" line="306" />
        <source>Choose a case to see its steps.</source>
        <translation>选择一个案件，查看其办理过程。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="247" />
        <source>Before (整治前)</source>
        <translation>整治前</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="248" />
        <source>After (整治后)</source>
        <translation>整治后</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="255" />
        <source>To whom / why (refer, cancel, reopen)</source>
        <translation>移送对象 / 原因（移送、撤销、重新打开时填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="305" />
        <source>No cases.</source>
        <translation>没有案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="334" />
        <source>%1 · state: %2 · deadline: %3</source>
        <translation>%1 · 状态：%2 · 整改期限：%3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/ledger/case_panel.py" line="339" />
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>已逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="341" />
        <source>Rebound: came back after a closed case</source>
        <translation>反弹：已销号的问题再次出现</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="349" />
        <source>Before (整治前): %1 photo(s)</source>
        <translation>整治前：%1 张照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="351" />
        <source>After (整治后): %1 photo(s)</source>
        <translation>整治后：%1 张照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="356" />
        <source>Could not read the case: %1</source>
        <translation>无法读取案件：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="385" />
        <source>Say to whom or why first.</source>
        <translation>请先填写移送对象或原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="405" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="410" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>ChoiceInput</name>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="113" />
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
</context>
<context>
    <name>ComparisonModel</name>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="104" />
        <location filename="../../app/ui/sync/conflicts_view.py" line="109" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="104" />
        <source>Current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="104" />
        <source>Other version</source>
        <translation>对方版本</translation>
    </message>
</context>
<context>
    <name>CompleteDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="42" />
        <source>Complete inspection</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="52" />
        <source>Once completed the record is kept unchanged as evidence; a correction is an amendment with a reason. Check what it will say, then sign.</source>
        <translation>完成后记录作为证据保存，不再修改；如需改正，须写明原因提交更正。请核对记录内容，然后签字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="59" />
        <source>The record will say</source>
        <translation>记录将写明</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="68" />
        <source>Why are there fewer photos than asked?</source>
        <translation>照片不足说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="71" />
        <source>Required to complete with too few photos; printed on the record.</source>
        <translation>照片少于要求张数时必须填写，并打印在检查记录上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="77" />
        <source>e.g. the owner refused photos inside the shop</source>
        <translation>例如：店主拒绝在店内拍照</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="85" />
        <source>Inspector's signature</source>
        <translation>检查人员签字</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="90" />
        <source>Party's signature</source>
        <translation>当事人签字</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="96" />
        <source>The party refuses to sign</source>
        <translation>当事人拒签</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="100" />
        <source>Witness's name</source>
        <translation>见证人姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="106" />
        <source>Signatures are optional here: without them the printed record keeps blank lines to sign by hand.</source>
        <translation>此处签字可不填：未签字的，打印的记录保留签字栏，供手写签字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="124" />
        <source>Complete</source>
        <translation>确认完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="152" />
        <source>Findings (%1)</source>
        <translation>发现问题（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="153" />
        <source>No findings.</source>
        <translation>未发现问题。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="154" />
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="155" />
        <source>No photo warnings.</source>
        <translation>照片无提醒。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="156" />
        <source>Too few photos:</source>
        <translation>照片不足：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="157" />
        <source>Cannot complete yet: %n answer(s) missing or invalid.</source>
        <translation>
            <numerusform>暂不能完成：有 %n 项答案缺失或有误。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="185" />
        <source>%1 of at least %2</source>
        <translation>%1 张，至少需要 %2 张</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="199" />
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="199" />
        <source>major</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="200" />
        <source>minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="220" />
        <source>Answers are missing or invalid: close this and complete them.</source>
        <translation>有答案缺失或有误：请关闭本窗口，补全后再完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="222" />
        <source>Attach the photos asked for, or say why there are fewer.</source>
        <translation>请补拍照片，或写明照片不足的原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/complete_dialog.py" line="224" />
        <source>Name the witness of the party's refusal.</source>
        <translation>请填写当事人拒签的见证人姓名。</translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="57" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="57" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="57" />
        <source>Differs in</source>
        <translation>不同之处</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="58" />
        <source>Current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="58" />
        <source>Other version</source>
        <translation>对方版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="82" />
        <source>rev %1, %2</source>
        <translation>第 %1 版，%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="83" />
        <source> (deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="89" />
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="201" />
        <source>Keep current</source>
        <translation>保留当前</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="203" />
        <source>Take the other</source>
        <translation>采用对方</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="224" />
        <source>%1 open conflict(s): choose which version to keep.</source>
        <translation>%1 个冲突未解决：请选择保留哪个版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="226" />
        <source>No open conflicts.</source>
        <translation>没有未解决的冲突。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="246" />
        <source>Current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="246" />
        <source>Other version</source>
        <translation>对方版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="249" />
        <source>Current version (%1, rev %2)</source>
        <translation>当前版本（%1，第 %2 版）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="251" />
        <source>Other version (%1, rev %2)</source>
        <translation>对方版本（%1，第 %2 版）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="259" />
        <source>Keep the current version of “%1”? The other version is set aside.</source>
        <translation>保留“%1”的当前版本？对方版本将被搁置（仍留存备查）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="261" />
        <source>Take the other version of “%1”? It replaces the current one.</source>
        <translation>采用“%1”的对方版本？它将取代当前版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="262" />
        <source>Resolve conflict</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="280" />
        <source>Resolved: “%1”. The next bundle carries the choice.</source>
        <translation>已解决：“%1”。下一个数据包会带上这个选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/conflicts_view.py" line="285" />
        <source>Not resolved: %1</source>
        <translation>未解决：%1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/dashboard.py" line="210" />
        <source>Today</source>
        <translation>今日概况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="223" />
        <location filename="../../app/ui/dashboard.py" line="261" />
        <source>Overdue</source>
        <translation>逾期未整改</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="224" />
        <source>Re-inspections due today</source>
        <translation>今日应复查</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="225" />
        <source>Due later this week</source>
        <translation>本周稍后到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="226" />
        <source>Rebounds this month</source>
        <translation>本月反弹</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="227" />
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="236" />
        <source>Cases opened and closed, last 8 weeks</source>
        <translation>近 8 周立案与销号</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="240" />
        <source>Open cases by work item</source>
        <translation>在办案件（按工作内容）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="262" />
        <source>Re-inspections due</source>
        <translation>待复查</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="263" />
        <source>Rebounds</source>
        <translation>反弹</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="317" />
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="326" />
        <source>Today, %1</source>
        <translation>今日概况（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="337" />
        <source>Overdue (%1)</source>
        <translation>逾期未整改（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="338" />
        <source>Re-inspections due (%1)</source>
        <translation>待复查（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="340" />
        <source>Rebounds (%1)</source>
        <translation>反弹（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="343" />
        <source>opened</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="343" />
        <source>closed</source>
        <translation>销号</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="348" />
        <source>Overdue: the deadline has passed and the case is still open. Click a case to see its steps and photos.</source>
        <translation>逾期：整改期限已过而案件仍未办结。点击案件查看办理过程和照片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="356" />
        <source>Could not read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="282" />
        <source>Not set</source>
        <translation>未填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="284" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="293" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>DemoMark</name>
    <message>
        <location filename="../../app/ui/demo_mark.py" line="32" />
        <source>DEMO database: made-up records, not for real work</source>
        <translation>演示数据库：虚构记录，勿用于实际工作</translation>
    </message>
    <message>
        <location filename="../../app/ui/demo_mark.py" line="35" />
        <source>Working with demo data: enter your own name in Settings</source>
        <translation>演示数据：请在“设置”中填写您的姓名</translation>
    </message>
</context>
<context>
    <name>DiscardDialog</name>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="45" />
        <source>Discard draft</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="48" />
        <source>The draft leaves the lists. Its answers, photos used and your reason stay in the audit log (street-audit inspection discarded). Discard it?</source>
        <translation>草稿将从列表中移除，其答案、所用照片和丢弃原因保留在审计日志中（street-audit inspection discarded 可查）。确定丢弃？</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="54" />
        <source>Reason, e.g. started at the wrong site</source>
        <translation>原因，例如：场所选错了</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="57" />
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>EditorBar</name>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="88" />
        <source>Duplicate as new draft</source>
        <translation>复制为新草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="91" />
        <source>A new draft of the same site and checklist with these answers (photos not copied)</source>
        <translation>以同一场所和检查表新建草稿，答案照抄（照片不复制）</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="92" />
        <source>Discard draft…</source>
        <translation>丢弃草稿…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="112" />
        <source>Read-only: this version was superseded by amendment %1. &lt;a href='open:%2'&gt;Open the amendment&lt;/a&gt;</source>
        <translation>只读：此版本已被第 %1 次更正取代。&lt;a href='open:%2'&gt;打开更正版本&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="116" />
        <source>⚠ This is %1's draft: changes you make are saved in their inspection, under your name in the audit log.</source>
        <translation>⚠ 这是 %1 的草稿：您所做的修改保存在其检查记录中，审计日志记为您的姓名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="122" />
        <source>Review: waiting for the team lead</source>
        <translation>审核：等待组长审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="124" />
        <source>Review: approved by %1</source>
        <translation>审核：%1 已审核通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/editor_bar.py" line="128" />
        <source>Review: returned by %1 — %2. Correct it with Amend…</source>
        <translation>审核：%1 已退回 — %2。请用“更正…”补正</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="125" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="125" />
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="125" />
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/case_panel.py" line="125" />
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="29" />
        <source>Findings</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="35" />
        <source>No findings so far.</source>
        <translation>暂未发现问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="41" />
        <source>Before completing</source>
        <translation>完成前需处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="77" />
        <source>Findings (%1)</source>
        <translation>发现的问题（%1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/findings_panel.py" line="92" />
        <source>Cannot complete yet: %n answer(s) missing or invalid. Click one to go to it.</source>
        <translation>
            <numerusform>还不能完成：有 %n 项未填写或不符合要求。点击可跳转到该项。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="103" />
        <source>Missing: %1</source>
        <translation>未填写：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="107" />
        <source>Invalid: %1 — %2</source>
        <translation>不符合要求：%1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="114" />
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="115" />
        <source>major</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/findings_panel.py" line="116" />
        <source>minor</source>
        <translation>一般</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="48" />
        <source>Street Audit — first start</source>
        <translation>街巷巡查 — 首次设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="52" />
        <source>Welcome. Tell the program who works on this computer; you can change it later in Settings. Or try the program first with demo data (kept in a separate database).</source>
        <translation>欢迎使用。请填写在这台电脑上工作的人员信息，以后可在“设置”中修改；也可以先用演示数据试用（演示数据保存在单独的数据库中）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="61" />
        <source>Street inspector (field)</source>
        <translation>巡查员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="62" />
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="63" />
        <source>Street, district or city office</source>
        <translation>街道、区、市</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="66" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="67" />
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="68" />
        <source>Inspector name *</source>
        <translation>巡查员姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="69" />
        <source>Law-enforcement badge number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="70" />
        <source>Badge number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="71" />
        <location filename="../../app/ui/first_run.py" line="73" />
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="72" />
        <source>Second officer</source>
        <translation>第二名检查人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="74" />
        <source>Second officer's badge</source>
        <translation>第二名检查人员执法证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="75" />
        <source>Printed on the documents</source>
        <translation>印在文书上</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="76" />
        <source>Office name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="77" />
        <source>e.g. 东城城管责改</source>
        <translation>如 东城城管责改</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="78" />
        <source>Office code of notice numbers</source>
        <translation>机关代字（通知书文号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="81" />
        <location filename="../../app/ui/first_run.py" line="137" />
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="85" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="89" />
        <source>Street or township</source>
        <translation>街道/乡镇</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="95" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="99" />
        <location filename="../../app/ui/first_run.py" line="145" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="105" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="117" />
        <source>Try with demo data</source>
        <translation>用演示数据试用</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="122" />
        <source>Start</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="176" />
        <source>Choose a data folder.</source>
        <translation>请选择数据文件夹。</translation>
    </message>
</context>
<context>
    <name>InspectionEditor</name>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="176" />
        <source>Next section</source>
        <translation>下一部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="178" />
        <source>Previous section</source>
        <translation>上一部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="308" />
        <source>Every question is answered</source>
        <translation>所有问题都已作答</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="124" />
        <source>◀ Previous section</source>
        <translation>◀ 上一部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="125" />
        <source>Next section ▶</source>
        <translation>下一部分 ▶</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="144" />
        <source>%v of %m answered</source>
        <translation>已答 %v / %m 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="150" />
        <source>Amend…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="152" />
        <location filename="../../app/ui/editor/inspection_editor.py" line="180" />
        <source>Complete inspection</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="205" />
        <source> (amendment %1)</source>
        <translation>（第 %1 次更正）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="242" />
        <source>Completed (read-only)</source>
        <translation>已完成（只读）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="242" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="245" />
        <source>Amendment %1</source>
        <translation>第 %1 次更正</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="416" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="519" />
        <source>Not complete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/inspection_editor.py" line="513" />
        <source>Not completed: %1</source>
        <translation>未完成：%1</translation>
    </message>
</context>
<context>
    <name>InspectionFilterBar</name>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="55" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="56" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="57" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="58" />
        <source>Superseded by an amendment</source>
        <translation>已被更正取代</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="61" />
        <source>Site name or address…</source>
        <translation>场所名称或地址…</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="68" />
        <source>All checklists</source>
        <translation>全部检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="73" />
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="76" />
        <source>All inspectors</source>
        <translation>全部检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="77" />
        <source>My inspections</source>
        <translation>我的检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="80" />
        <source>Only the inspections recorded under this profile's name</source>
        <translation>只看以本机身份姓名记录的检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="83" />
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="85" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="92" />
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="94" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_filter_bar.py" line="164" />
        <source>any date</source>
        <translation>不限日期</translation>
    </message>
</context>
<context>
    <name>InspectionListModel</name>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="83" />
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="83" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="83" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="84" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="84" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="84" />
        <source>Findings</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="85" />
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="85" />
        <location filename="../../app/ui/inspection_list_model.py" line="86" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="86" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="87" />
        <source>Superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="88" />
        <source>to review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="88" />
        <source>approved</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="89" />
        <source>returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspection_list_model.py" line="252" />
        <source>%1 (amendment %2)</source>
        <translation>%1（第 %2 次更正）</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="421" />
        <source>Not filled in</source>
        <translation>未填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="382" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="80" />
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="86" />
        <source>Which ledger</source>
        <translation>台账范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="90" />
        <source>All work items</source>
        <translation>全部工作内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="95" />
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="103" />
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="103" />
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="104" />
        <source>Campaign to date</source>
        <translation>累计</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="106" />
        <source>Only from</source>
        <translation>仅统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="114" />
        <source>Work item</source>
        <translation>工作内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="116" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="118" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="120" />
        <source>Street / town</source>
        <translation>街道（乡镇）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="125" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="131" />
        <source>Export .xlsx…</source>
        <translation>导出 .xlsx…</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="132" />
        <source>Export .csv…</source>
        <translation>导出 .csv…</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="133" />
        <source>Export .geojson…</source>
        <translation>导出 .geojson…</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="147" />
        <source>By work item and place</source>
        <translation>按工作内容和区划</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="148" />
        <source>By inspector and team</source>
        <translation>按巡查员和队组</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="150" />
        <source>Double-click a number to list the cases behind it.</source>
        <translation>双击任一数字，列出其对应的案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="196" />
        <source>All streets and towns</source>
        <translation>全部街道（乡镇）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="246" />
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="257" />
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/ledger/ledger_page.py" line="272" />
        <source>%n line(s), as of %1. Double-click a number for its cases.</source>
        <translation>
            <numerusform>共 %n 行，截至 %1。双击数字查看对应案件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="279" />
        <source>Could not count: %1</source>
        <translation>无法统计：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="303" />
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="307" />
        <source>(the cases opened in this line)</source>
        <translation>（本行立案的案件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="318" />
        <source>cases closed</source>
        <translation>销号案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="318" />
        <source>cases opened</source>
        <translation>立案案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="323" />
        <source>Listing the cases…</source>
        <translation>正在列出案件…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/ledger/ledger_page.py" line="329" />
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="332" />
        <source>Could not list the cases: %1</source>
        <translation>无法列出案件：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="340" />
        <source>Export the ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="350" />
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="359" />
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_page.py" line="364" />
        <source>Not written: %1</source>
        <translation>未写入：%1</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="51" />
        <source>Work item</source>
        <translation>工作内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="51" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="51" />
        <source>Street / town</source>
        <translation>街道（乡镇）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="52" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="52" />
        <source>Sites inspected</source>
        <translation>检查场所数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="52" />
        <source>Inspections</source>
        <translation>检查次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="53" />
        <source>Findings</source>
        <translation>发现问题数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="53" />
        <source>Cases opened</source>
        <translation>立案数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="53" />
        <source>Rectified</source>
        <translation>销号数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="54" />
        <source>Rectification rate</source>
        <translation>整改率</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="54" />
        <source>Overdue</source>
        <translation>逾期未整改</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="54" />
        <source>Rebounds</source>
        <translation>反弹</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="55" />
        <source>Re-inspections due</source>
        <translation>待复查</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="55" />
        <source>Re-inspections failed</source>
        <translation>复查未通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="114" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="121" />
        <source>Double-click to list the cases behind this number</source>
        <translation>双击列出此数字对应的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="137" />
        <source>Campaign to date</source>
        <translation>累计</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="139" />
        <source>Week of %1</source>
        <translation>%1 当周</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="182" />
        <source>New inspection</source>
        <translation>新建检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="183" />
        <source>Close tab</source>
        <translation>关闭标签页</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="185" />
        <source>Find site</source>
        <translation>查找场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="188" />
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191" />
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="82" />
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="87" />
        <source>New inspection…</source>
        <translation>新建检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="90" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="92" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="94" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="142" />
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="149" />
        <location filename="../../app/ui/main_window.py" line="327" />
        <source>Sites</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="250" />
        <source>(unnamed inspector)</source>
        <translation>（未署名检查人）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="254" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="256" />
        <source>No profile yet: open Settings</source>
        <translation>尚未设置身份：请打开“设置”</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="261" />
        <source>(no inspector set: open Settings)</source>
        <translation>（尚未设置检查人：请打开“设置”）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="262" />
        <source>Field inspector</source>
        <translation>巡查员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="262" />
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="263" />
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="269" />
        <source>%n inspection(s)</source>
        <translation>
            <numerusform>共 %n 条检查记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="405" />
        <location filename="../../app/ui/main_window.py" line="469" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="518" />
        <source>Checklists not loaded: %1</source>
        <translation>检查表未能加载：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="538" />
        <source>Creating demo data… %p%</source>
        <translation>正在生成演示数据… %p%</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="555" />
        <source>Demo data created.</source>
        <translation>演示数据已生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="559" />
        <source>Demo data failed: %1</source>
        <translation>演示数据生成失败：%1</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="105" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="113" />
        <source>Load base map (MBTiles)…</source>
        <translation>载入底图（MBTiles）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="117" />
        <source>Datum: as the base map says</source>
        <translation>坐标系：按底图标注</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="118" />
        <source>Datum: WGS-84 (GPS, OpenStreetMap)</source>
        <translation>坐标系：WGS-84（GPS、OpenStreetMap）</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="119" />
        <source>Datum: GCJ-02 (Chinese maps)</source>
        <translation>坐标系：GCJ-02（国内地图）</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="126" />
        <source>All sites</source>
        <translation>全部场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="136" />
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="136" />
        <source>open case</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="137" />
        <source>closed</source>
        <translation>销号</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="137" />
        <source>no case</source>
        <translation>无案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="147" />
        <source>Click a site to list its cases.</source>
        <translation>点击场所，列出其案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="181" />
        <source>Load base map</source>
        <translation>载入底图</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="181" />
        <source>MBTiles base maps (*.mbtiles);;All files (*)</source>
        <translation>MBTiles 底图 (*.mbtiles);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="191" />
        <source>Base map not loaded: %1</source>
        <translation>底图未载入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="211" />
        <source>No base map: sites on a plain background (%1).</source>
        <translation>未载入底图：场所画在空白背景上（%1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="213" />
        <source>Base map: %1 (zoom %2–%3), sites drawn in %4.</source>
        <translation>底图：%1（缩放级别 %2–%3），场所按 %4 绘制。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/map_page.py" line="216" />
        <source>%n site(s) on the map.</source>
        <translation>
            <numerusform>地图上共 %n 个场所。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="259" />
        <source>Could not read the sites: %1</source>
        <translation>无法读取场所：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/map_page.py" line="276" />
        <source>Listing the cases…</source>
        <translation>正在列出案件…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/map_page.py" line="283" />
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="49" />
        <source>New inspection</source>
        <translation>新建检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="57" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="61" />
        <source>Search name, address or credit code…</source>
        <translation>搜索名称、地址或统一社会信用代码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="63" />
        <source>New site…</source>
        <translation>新建场所…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="67" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="74" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="77" />
        <source>Badge number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="80" />
        <source>Second officer</source>
        <translation>第二名检查人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="93" />
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dialogs/new_inspection.py" line="119" />
        <source>%n site(s) found. Not there? Create it with “New site…”.</source>
        <translation>
            <numerusform>找到 %n 个场所。没有要找的？请点“新建场所…”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_inspection.py" line="164" />
        <source>Site not saved</source>
        <translation>场所未保存</translation>
    </message>
</context>
<context>
    <name>PeopleTableModel</name>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="152" />
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="152" />
        <source>Team</source>
        <translation>队组</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="152" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="153" />
        <source>Sites inspected</source>
        <translation>检查场所数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="153" />
        <source>Inspections</source>
        <translation>检查次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="154" />
        <source>Findings</source>
        <translation>发现问题数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="154" />
        <source>Cases opened</source>
        <translation>立案数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="154" />
        <source>Rectified</source>
        <translation>销号数</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/ledger_model.py" line="188" />
        <source>Campaign to date</source>
        <translation>累计</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="113" />
        <source>Comments (required to return):</source>
        <translation>审核意见（退回时必填）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="117" />
        <source>What the inspector should correct, e.g. 门头照片缺失，请补拍</source>
        <translation>需要检查人补正的内容，例如：门头照片缺失，请补拍</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="125" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="127" />
        <source>Approve</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="129" />
        <source>Return for correction</source>
        <translation>退回补正</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/review/review_page.py" line="158" />
        <source>&lt;b&gt;%n completed inspection(s) to review&lt;/b&gt; — approve, or return with comments: a returned one goes back to its inspector as a task and is amended there.</source>
        <translation>
            <numerusform>&lt;b&gt;待审核的已完成检查：%n 条&lt;/b&gt; — 审核通过，或写明意见退回：退回的检查作为任务发回检查人，由其更正。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="209" />
        <source>Approved.</source>
        <translation>已审核通过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="210" />
        <source>Returned: a correction task goes to its inspector.</source>
        <translation>已退回：补正任务将发给检查人。</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="45" />
        <source>Completed at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="45" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="45" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="46" />
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="46" />
        <source>Findings</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_page.py" line="73" />
        <source>%1 (amendment %2)</source>
        <translation>%1（第 %2 次更正）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="32" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="36" />
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="46" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="53" />
        <source>Field inspector</source>
        <translation>巡查员</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="53" />
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="54" />
        <source>District / city office</source>
        <translation>街道 / 区 / 市办公室</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="62" />
        <source>e.g. 东城城管责改</source>
        <translation>如 东城城管责改</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="63" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="64" />
        <source>Badge number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="65" />
        <source>Team</source>
        <translation>队组</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="66" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="67" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="68" />
        <source>Office name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="69" />
        <source>Office code of notice numbers</source>
        <translation>机关代字（通知书文号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="72" />
        <source>Window</source>
        <translation>界面</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/settings_dialog.py" line="79" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="17" />
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="35" />
        <source>New inspection</source>
        <translation>新建检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="36" />
        <source>Find a site in the inspections list</source>
        <translation>在检查列表中查找场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="38" />
        <source>Next / previous section (the cursor goes to its first question)</source>
        <translation>下一部分 / 上一部分（光标移到该部分第一个问题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="39" />
        <source>Arrow keys</source>
        <translation>方向键</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="39" />
        <source>Choose within a group of options</source>
        <translation>在一组选项中选择</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="40" />
        <source>Tab</source>
        <translation>Tab 键</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="40" />
        <source>Next question</source>
        <translation>下一个问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="41" />
        <source>Next unanswered question</source>
        <translation>下一个未作答的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="42" />
        <source>Undo the last answer</source>
        <translation>撤销上一个回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="43" />
        <source>Complete the inspection</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="44" />
        <source>Close the inspection's tab</source>
        <translation>关闭检查的标签页</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="45" />
        <source>This page</source>
        <translation>本页</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="52" />
        <source>There is no Save: every answer is saved as soon as it is given (typed text after a short pause or when you leave the field).</source>
        <translation>无需手动保存：每个回答一经填写即自动保存（输入的文字在稍停片刻或离开输入框时保存）。</translation>
    </message>
</context>
<context>
    <name>SignatureField</name>
    <message>
        <location filename="../../app/ui/signature_pad.py" line="235" />
        <source>Sign here</source>
        <translation>请在此签名</translation>
    </message>
    <message>
        <location filename="../../app/ui/signature_pad.py" line="239" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/signature_pad.py" line="240" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/signature_pad.py" line="241" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>SiteColumn</name>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="53" />
        <source>Site name</source>
        <translation>场所名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="53" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="54" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="55" />
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="56" />
        <source>Number of inspections</source>
        <translation>检查次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="57" />
        <source>Recorded</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="57" />
        <source>Site id</source>
        <translation>场所编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="64" />
        <source>Keep this site</source>
        <translation>保留此场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="74" />
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="37" />
        <source>New site</source>
        <translation>新建场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="53" />
        <source>e.g. 19 Sanlitun Road, Chaoyang</source>
        <translation>例：朝阳区三里屯路19号</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="56" />
        <source>Business or building name</source>
        <translation>商户或建筑名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="60" />
        <source>18 characters, optional</source>
        <translation>18位，可不填</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="78" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="79" />
        <source>Street / town</source>
        <translation>街道 / 乡镇</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="80" />
        <source>Community</source>
        <translation>社区 / 村</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="81" />
        <source>Address *</source>
        <translation>地址 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="82" />
        <source>Business name</source>
        <translation>商户名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="83" />
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="85" />
        <source>Location (WGS-84 lat, lon)</source>
        <translation>位置（WGS-84 纬度、经度）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="115" />
        <location filename="../../app/ui/dialogs/site_dialog.py" line="124" />
        <source>(not given)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="159" />
        <source>An address is required.</source>
        <translation>必须填写地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="162" />
        <source>Give both latitude and longitude, or neither.</source>
        <translation>纬度和经度须同时填写或同时不填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="164" />
        <source>Latitude must be between -90 and 90.</source>
        <translation>纬度须在 -90 到 90 之间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/site_dialog.py" line="166" />
        <source>Longitude must be between -180 and 180.</source>
        <translation>经度须在 -180 到 180 之间。</translation>
    </message>
</context>
<context>
    <name>SiteDuplicatesDialog</name>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="91" />
        <source>Likely duplicate sites</source>
        <translation>疑似重复的场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="104" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="105" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="118" />
        <source>Recorded first</source>
        <translation>先登记的场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="120" />
        <source>Recorded later</source>
        <translation>后登记的场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="129" />
        <source>Merging keeps the chosen site: the other one's inspections and cases count with it, its drafts move to it. Completed records are not changed.</source>
        <translation>合并后保留所选场所：另一个场所的检查和案件随它统计，草稿移到它名下。已完成的记录不作改动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="139" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="140" />
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="169" />
        <source>%1 pair(s) of sites look like one place. Compare them, choose the site to keep and merge; leave a pair alone if they are different places.</source>
        <translation>有 %1 对场所疑似同一处。请比对后选择保留的场所再合并；确是不同场所的，不必处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="172" />
        <source>No likely duplicate sites.</source>
        <translation>没有疑似重复的场所。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="181" />
        <source>Same credit code</source>
        <translation>同一信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="183" />
        <source>Same address</source>
        <translation>同一地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="186" />
        <source>%1 m apart with a similar name</source>
        <translation>相距 %1 米且名称相近</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="222" />
        <source>Choose the site to keep first.</source>
        <translation>请先选择保留的场所。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="232" />
        <source>Merge sites</source>
        <translation>合并场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="233" />
        <source>Merge “%1” into “%2”?</source>
        <translation>将“%1”并入“%2”？</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="235" />
        <source>After the merge the merged site's inspections and cases belong to the site kept; this is sent to the other devices.</source>
        <translation>合并后，被合并场所的检查和案件归入保留的场所；此操作会同步到其他设备。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="260" />
        <source>Merged “%1” into “%2”.</source>
        <translation>已将“%1”并入“%2”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="263" />
        <source>Drafts moved: %1.</source>
        <translation>移动草稿 %1 份。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="266" />
        <source>Duplicate open cases cancelled: %1.</source>
        <translation>撤销重复的未结案件 %1 件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_duplicates_dialog.py" line="277" />
        <source>Not merged: %1</source>
        <translation>未合并：%1</translation>
    </message>
</context>
<context>
    <name>SiteListModel</name>
    <message>
        <location filename="../../app/ui/sites_page.py" line="52" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="52" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="52" />
        <source>Site name</source>
        <translation>场所名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="53" />
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <location filename="../../app/ui/site_page.py" line="66" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="67" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="82" />
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="82" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="82" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="82" />
        <source>Findings</source>
        <translation>发现问题数</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="83" />
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="94" />
        <location filename="../../app/ui/site_page.py" line="170" />
        <source>Double-click an inspection to open it.</source>
        <translation>双击一条检查记录即可打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="103" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="104" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="105" />
        <source>New inspection here…</source>
        <translation>在此场所新建检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="136" />
        <source>Site: %1</source>
        <translation>场所：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="150" />
        <source>Inspections at this site</source>
        <translation>本场所的检查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="157" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="157" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="158" />
        <source>Superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="169" />
        <source>Inspections at this site (%1)</source>
        <translation>本场所的检查记录（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="171" />
        <source>No inspections at this site yet.</source>
        <translation>本场所还没有检查记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="182" />
        <source>Enter a name or an address.</source>
        <translation>请填写场所名称或地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="184" />
        <source>Latitude and longitude are decimal degrees, e.g. 39.9087.</source>
        <translation>经纬度应为十进制度数，如 39.9087。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="187" />
        <source>Give both latitude and longitude, or neither.</source>
        <translation>纬度和经度须同时填写或同时不填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="189" />
        <source>Latitude must be between -90 and 90.</source>
        <translation>纬度须在 -90 到 90 之间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="191" />
        <source>Longitude must be between -180 and 180.</source>
        <translation>经度须在 -180 到 180 之间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="216" />
        <source>WGS-84, as GPS and photos give it (not the GCJ-02 of Amap or Tencent maps).</source>
        <translation>WGS-84 坐标，即 GPS 和照片给出的坐标（不是高德、腾讯地图的 GCJ-02）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="225" />
        <source>⚠ This point is outside Beijing.</source>
        <translation>⚠ 此位置不在北京市范围内。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="227" />
        <source>⚠ This point is in %1, not in the chosen district.</source>
        <translation>⚠ 此位置在%1，不在所选的区内。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="231" />
        <source>✓ In %1.</source>
        <translation>✓ 位于%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="271" />
        <source>Saved (revision %1).</source>
        <translation>已保存（第 %1 版）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="273" />
        <source>Credit code kept with a warning: please re-read the licence.</source>
        <translation>统一社会信用代码校验不符，已照录保存：请核对营业执照。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_page.py" line="280" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <location filename="../../app/ui/sites_page.py" line="124" />
        <source>Search name, address or credit code…</source>
        <translation>搜索名称、地址或统一社会信用代码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="128" />
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="129" />
        <source>New inspection here…</source>
        <translation>在此场所新建检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="131" />
        <source>View / edit site…</source>
        <translation>查看/修改场所…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="138" />
        <source>Sites that look like one place: the same credit code, the same address, or within 30 m with a similar name</source>
        <translation>可能是同一处的场所：统一社会信用代码相同、地址相同，或相距 30 米以内且名称相近</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="209" />
        <source>Likely duplicates (%1)</source>
        <translation>疑似重复（%1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sites_page.py" line="220" />
        <source>%n site(s) found</source>
        <translation>
            <numerusform>找到 %n 个场所</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="222" />
        <source>(showing the first %1: refine the search)</source>
        <translation>（仅显示前 %1 个：请缩小搜索范围）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sites_page.py" line="298" />
        <source>(unnamed inspector)</source>
        <translation>（未署名检查人）</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="76" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="83" />
        <source>Export bundle…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="99" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="101" />
        <source>Choose bundle files (.sabundle), several at once, or drop them on this page. Each is checked in full before anything is merged.</source>
        <translation>选择数据包文件（.sabundle，可多选），或把文件拖到本页。每个数据包先完整校验，通过后才合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="107" />
        <source>Import bundles…</source>
        <translation>导入数据包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="114" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="138" />
        <source>Import results</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="140" />
        <location filename="../../app/ui/sync/sync_page.py" line="176" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="162" />
        <source>Bundles go to: %1 (device %2)</source>
        <translation>数据包发往：%1（设备 %2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="172" />
        <source>Export is not possible: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="175" />
        <source>Conflicts (%1)</source>
        <translation>冲突 (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="193" />
        <source>Export bundle to folder (USB stick or sync folder)</source>
        <translation>导出数据包到文件夹（U 盘或同步文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="206" />
        <source>Writing the bundle…</source>
        <translation>正在写出数据包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="219" />
        <source>Bundle no. %1 written for %2:
%3</source>
        <translation>已写出第 %1 号数据包，接收方：%2
%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="225" />
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="232" />
        <source>Import bundles</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="233" />
        <source>Street Audit bundles (*.sabundle *.sabundle.*);;All files (*)</source>
        <translation>街巷巡查数据包 (*.sabundle *.sabundle.*);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="268" />
        <source>Checking and merging %1 bundle(s)…</source>
        <translation>正在校验并合并 %1 个数据包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="283" />
        <source>Bundle %1 of %2: %3</source>
        <translation>第 %1 / %2 个数据包：%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="290" />
        <source>Stopping after the current bundle…</source>
        <translation>当前数据包合并完后停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="305" />
        <source>%1 merged, %2 already merged, %3 refused.</source>
        <translation>%1 个已合并，%2 个此前已合并，%3 个拒收。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="309" />
        <source>Cancelled: %1 bundle(s) not merged.</source>
        <translation>已取消：%1 个数据包未合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="312" />
        <source>%1: bundle no. %2 has not been received.</source>
        <translation>%1：第 %2 号数据包未收到。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="323" />
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
</context>
<context>
    <name>TaskBoardModel</name>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="54" />
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="54" />
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="54" />
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="54" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="55" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="55" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="117" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="119" />
        <source>Overdue: %1</source>
        <translation>逾期：%1</translation>
    </message>
</context>
<context>
    <name>TasksPanel</name>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="130" />
        <source>Today's tasks</source>
        <translation>今日任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="163" />
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="194" />
        <source>No open tasks</source>
        <translation>没有待办任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="196" />
        <source>Overdue %1 · today %2 · later %3</source>
        <translation>逾期 %1 · 今日到期 %2 · 以后 %3</translation>
    </message>
</context>
<context>
    <name>WindowLedgerPages</name>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="20" />
        <source>Today</source>
        <translation>今日概况</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="21" />
        <source>Overdue cases, re-inspections due, rebounds: the morning overview</source>
        <translation>逾期案件、待复查、反弹：每日早间概况</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="22" />
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="23" />
        <source>The ledger per work item, district, street and period, with the cases behind it</source>
        <translation>按工作内容、区、街道和期间的台账，可查看每个数字对应的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="24" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/ui/ledger/window_pages.py" line="25" />
        <source>Sites by status on an offline map</source>
        <translation>离线地图上按状态显示场所</translation>
    </message>
</context>
<context>
    <name>WindowReview</name>
    <message>
        <location filename="../../app/ui/review/window_review.py" line="38" />
        <source>Review</source>
        <translation>审核</translation>
    </message>
</context>
<context>
    <name>WindowSync</name>
    <message>
        <location filename="../../app/ui/sync/window_sync.py" line="22" />
        <source>Sync…</source>
        <translation>同步…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/window_sync.py" line="25" />
        <source>Export this device's bundle, import bundles from other devices, resolve conflicts</source>
        <translation>导出本机数据包、导入其他设备的数据包、解决冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/window_sync.py" line="40" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>YesNoInput</name>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="80" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="80" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/item_widgets.py" line="82" />
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
</context>
</TS>
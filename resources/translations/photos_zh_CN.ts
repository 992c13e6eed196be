<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>EditorPhotos</name>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="147" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/editor_photos.py" line="214" />
        <source>%n photo(s) not attached</source>
        <translation>
            <numerusform>%n 张照片未添加</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="215" />
        <source>Photos not attached</source>
        <translation>照片未添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="216" />
        <source>These files were not attached:</source>
        <translation>以下文件未添加：</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="229" />
        <source>Photos (%1)</source>
        <translation>照片（%1）</translation>
    </message>
</context>
<context>
    <name>FolderImportDialog</name>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="116" />
        <source>Import photos from a folder</source>
        <translation>从文件夹导入照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="118" />
        <source>Reading the photos…</source>
        <translation>正在读取照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="123" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="123" />
        <source>Taken (Beijing time)</source>
        <translation>拍摄时间（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="124" />
        <source>Inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="124" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="135" />
        <source>Import assigned photos</source>
        <translation>导入已分配的照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="155" />
        <source>Attaching photo %1 of %2</source>
        <translation>正在添加第 %1 张照片，共 %2 张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="156" />
        <source>Reading photo %1 of %2</source>
        <translation>正在读取第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="184" />
        <source>Put aside</source>
        <translation>暂不导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="198" />
        <source>%1 photos, %2 assigned; check each line, then import</source>
        <translation>共 %1 张照片，已分配 %2 张；请逐行核对后导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="226" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>InspectionPhotosPage</name>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="69" />
        <source>Photos of this inspection</source>
        <translation>本次检查的照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="76" />
        <source>All photos: the inspection's own and each item's. Drop photo files anywhere on the editor to add them to the inspection, or on an item's strip to add them to that item. Double-click a photo for the large picture, where and when it was taken.</source>
        <translation>这里是本次检查的全部照片（包括各题的照片）。把照片文件拖到编辑器的任意位置即添加到本次检查；拖到某一题的照片栏则添加到该题。双击照片可查看大图、拍摄地点和时间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/editor_photos.py" line="86" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/editor_photos.py" line="108" />
        <source>Attaching %n photo(s)…</source>
        <translation>
            <numerusform>正在添加 %n 张照片…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/editor_photos.py" line="112" />
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/editor_photos.py" line="114" />
        <source>%n with warnings</source>
        <translation>
            <numerusform>%n 张有提醒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoBadges</name>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="11" />
        <location filename="../../app/ui/photos/badges.py" line="26" />
        <source>no GPS</source>
        <translation>无定位</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="12" />
        <source>far away</source>
        <translation>距离远</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="13" />
        <source>site from photo</source>
        <translation>定位来自照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="14" />
        <source>no time</source>
        <translation>无时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="15" />
        <source>wrong time</source>
        <translation>时间不符</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="16" />
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="17" />
        <source>similar</source>
        <translation>近似</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="18" />
        <source>clock mismatch</source>
        <translation>时钟不一致</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/badges.py" line="19" />
        <source>metadata issue</source>
        <translation>元数据有误</translation>
    </message>
</context>
<context>
    <name>PhotoSlot</name>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="27" />
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="28" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="34" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="58" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/slot.py" line="128" />
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="131" />
        <source>(needs %1–%2)</source>
        <translation>（需要 %1–%2 张）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/slot.py" line="134" />
        <source>attaching %n photo(s)…</source>
        <translation>
            <numerusform>正在添加 %n 张…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/slot.py" line="136" />
        <source>(double-click a photo to view it)</source>
        <translation>（双击照片查看）</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="179" />
        <source>Double-click a photo to view it</source>
        <translation>双击照片查看大图</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="180" />
        <source>Drop photos here to attach them</source>
        <translation>把照片拖到这里即可添加</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/strip.py" line="200" />
        <source>Photo %n</source>
        <translation>
            <numerusform>照片 %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="254" />
        <source>Site location</source>
        <translation>场所位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="255" />
        <source>This site has no location yet. A photo was taken inside the site's district at %1, %2 (WGS-84). Use it as the site's location?</source>
        <translation>此场所尚无位置。有一张照片拍摄于场所所在区内（%1, %2，WGS-84）。是否用它作为场所的位置？</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="316" />
        <source>View…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="317" />
        <source>Remove from this inspection…</source>
        <translation>从本次检查中移除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="328" />
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="329" />
        <source>Remove this photo from the inspection? The file itself is kept.</source>
        <translation>从本次检查中移除这张照片吗？照片文件本身仍会保留。</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="64" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="71" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="80" />
        <source>Copy GCJ-02</source>
        <translation>复制 GCJ-02 坐标</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="81" />
        <source>Copy the GCJ-02 position to paste into Amap or Tencent maps</source>
        <translation>复制 GCJ-02 坐标，可粘贴到高德地图或腾讯地图中搜索</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="89" />
        <source>Caption (what the photo shows)</source>
        <translation>说明（照片拍的是什么）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="91" />
        <source>Save caption</source>
        <translation>保存说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="93" />
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="94" />
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="95" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="97" />
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="98" />
        <source>GPS time</source>
        <translation>GPS 时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="99" />
        <source>WGS-84 (GPS)</source>
        <translation>WGS-84（GPS 原始坐标）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="100" />
        <source>GCJ-02 (Chinese maps)</source>
        <translation>GCJ-02（国内地图坐标）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="102" />
        <source>Altitude</source>
        <translation>海拔</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="103" />
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="104" />
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="105" />
        <source>Checks</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="109" />
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="139" />
        <source>Photo %1 of %2</source>
        <translation>照片 %1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="152" />
        <location filename="../../app/ui/photos/viewer.py" line="187" />
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="160" />
        <source>(no time zone recorded: Beijing time assumed)</source>
        <translation>（未记录时区，按北京时间计）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="179" />
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="190" />
        <source>%1 Beijing time</source>
        <translation>%1（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="192" />
        <source>As recorded: %1</source>
        <translation>原始记录：%1</translation>
    </message>
</context>
<context>
    <name>WindowPhotos</name>
    <message>
        <location filename="../../app/ui/photos/window_photos.py" line="27" />
        <source>Import photo folder…</source>
        <translation>导入照片文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/window_photos.py" line="30" />
        <source>Attach the photos of a folder to the draft inspections they were taken at, by time and place; you confirm each one</source>
        <translation>按拍摄时间和地点把文件夹中的照片添加到对应的草稿检查，每张照片由您确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/window_photos.py" line="38" />
        <source>Choose the folder with the photos</source>
        <translation>选择照片所在的文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/window_photos.py" line="61" />
        <source>%n photo(s) imported from the folder</source>
        <translation>
            <numerusform>已从文件夹导入 %n 张照片</numerusform>
        </translation>
    </message>
</context>
</TS>
<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>FolderImportDialog</name>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="86" />
        <source>Import photos from a folder</source>
        <translation>从文件夹导入照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="88" />
        <source>Reading the photos…</source>
        <translation>正在读取照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="90" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="90" />
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="91" />
        <source>Inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="91" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="95" />
        <source>Import assigned photos</source>
        <translation>导入已分配的照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="111" />
        <source>Reading photo %1 of %2</source>
        <translation>正在读取第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="128" />
        <source>Put aside</source>
        <translation>暂不导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="136" />
        <source>%1 photos, %2 assigned; check each line, then import</source>
        <translation>共 %1 张照片，已分配 %2 张；请逐行核对后导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/folder_import.py" line="161" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
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
    <name>PhotoStrip</name>
    <message>
        <location filename="../../app/ui/photos/strip.py" line="98" />
        <source>Drop photos here to attach them</source>
        <translation>把照片拖到这里即可添加</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/photos/strip.py" line="118" />
        <source>Photo %n</source>
        <translation><numerusform>照片 %n</numerusform></translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="63" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="70" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="79" />
        <source>Copy GCJ-02 for Amap/Tencent maps</source>
        <translation>复制 GCJ-02 坐标（用于高德/腾讯地图）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="86" />
        <source>Caption (what the photo shows)</source>
        <translation>说明（照片拍的是什么）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="88" />
        <source>Save caption</source>
        <translation>保存说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="90" />
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="91" />
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="92" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="94" />
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="95" />
        <source>GPS time</source>
        <translation>GPS 时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="96" />
        <source>WGS-84 (GPS)</source>
        <translation>WGS-84（GPS 原始坐标）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="97" />
        <source>GCJ-02 (Chinese maps)</source>
        <translation>GCJ-02（国内地图坐标）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="99" />
        <source>Altitude</source>
        <translation>海拔</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="100" />
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="101" />
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="102" />
        <source>Checks</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="106" />
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="136" />
        <source>Photo %1 of %2</source>
        <translation>照片 %1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="149" />
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="156" />
        <source>(no time zone recorded: Beijing time assumed)</source>
        <translation>（未记录时区，按北京时间计）</translation>
    </message>
    <message>
        <location filename="../../app/ui/photos/viewer.py" line="176" />
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
</context>
</TS>
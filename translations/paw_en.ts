<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/GuiCommand.cpp" line="15"/>
        <source>Patient Access Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiCommand.cpp" line="36"/>
        <source>The sandbox is stopped: the authorization server is not part of this build yet.
Start PAW with --open to serve the sandbox WITHOUT authorization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiCommand.cpp" line="39"/>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiCommand.cpp" line="39"/>
        <source>The sandbox could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiCommand.cpp" line="40"/>
        <source>The sandbox is stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiCommand.cpp" line="43"/>
        <source>The sandbox serves WITHOUT AUTHORIZATION (--open): any program that can reach %1 reads every record. Use synthetic data only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

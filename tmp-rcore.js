const {MongoClient}=require('mongodb');
(async()=>{const c=await MongoClient.connect('mongodb://127.0.0.1:27217/',{directConnection:true, maxPoolSize: 8});const db=c.db('rcore_pushdown');
const col=db.collection('x'); await col.deleteMany({});
await col.createIndex({k:1},{unique:true}); await col.createIndex({county:1, k:1});
const pad='x'.repeat(2500);
for (let i=0;i<20000;i+=1000) await col.insertMany(Array.from({length:1000},(_,j)=>({_id:'id'+(i+j), k:'k'+(i+j), county:'371702', pad})));
let t=Date.now(); for (let i=0;i<50;i++) await col.findOne({_id:'id'+(i*97)}); console.log('seq findOne _id', (Date.now()-t)/50,'ms');
t=Date.now(); for (let i=0;i<50;i++) await col.findOne({k:'k'+(i*97)}); console.log('seq findOne k', (Date.now()-t)/50,'ms');
t=Date.now(); for (let i=0;i<50;i++) await col.find({k:'k'+(i*97)}).toArray(); console.log('seq find k', (Date.now()-t)/50,'ms');
console.log(JSON.stringify(await col.find({k:'k5'}).explain()).slice(0,800));
console.log(JSON.stringify(await col.find({k:{$in:['k5','k6']}}).explain()).slice(0,800));
await db.dropDatabase(); await c.close();})().catch(e=>console.error('ERR', e))
